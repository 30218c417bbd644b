/**
 * What an RDS action needs, for its description: the IAM actions of its step (docs/steps-aws.md), reached through
 * IRSA (the site's `aws.roleArn` on the template's ServiceAccount; no credential is mounted).
 */
export function rdsNeeds(iamActions: readonly string[]): string {
  return (
    `the IAM role of the site (\`aws.roleArn\`, IRSA on this template's ServiceAccount) allowed ` +
    `${iamActions.map((action) => `\`${action}\``).join(', ')} on the instance; region \`region\` or the site's.`
  );
}

/** The RDS steps poll their instance or snapshot for at most `timeoutSeconds` (7200) each. */
export const RDS_MAX_WAIT_SECONDS = 7200;
