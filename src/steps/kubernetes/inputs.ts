import { z } from 'zod';

/**
 * Input schemas of the Kubernetes/OpenShift steps. Each one is also the WorkflowTemplate parameters of the actions
 * that run the step and what `opsflow run` validates, so it is declared once here.
 */

const ClusterName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
  .describe('Cluster name from the site configuration');
const Namespace = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
  .max(63)
  .describe('Namespace of the workload');
const ObjectName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/)
  .max(253)
  .describe('Name of the object');

export const WorkloadRestartInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet', 'Pod']).describe('Kind of the workload to restart'),
  name: ObjectName,
  wait: z.boolean().default(true).describe('Wait until the rollout completes (or the pod is replaced)'),
  timeoutSeconds: z.number().int().min(1).max(3600).default(600).describe('How long to wait for the rollout'),
});
export type WorkloadRestartInput = z.infer<typeof WorkloadRestartInput>;
