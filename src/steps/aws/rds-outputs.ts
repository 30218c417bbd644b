/** The output parameters every RDS instance step writes (run/rds-common.ts writeInstanceOutputs). */
export const instanceOutputs = {
  status: 'DB instance status when the step ended (e.g. available, stopped)',
  instanceArn: 'ARN of the DB instance',
} as const;
