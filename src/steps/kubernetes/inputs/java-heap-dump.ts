import * as z from 'zod';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const JavaHeapDumpInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  pod: ObjectName.describe('Name of the pod running the JVM'),
  container: z
    .string()
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
    .optional()
    .describe("Container running the JVM; default the pod's first container"),
  pid: z.number().int().min(1).optional().describe('JVM process id; default the only JVM `jcmd -l` lists'),
  directory: z
    .string()
    .max(1024)
    .regex(/^\/[\w./-]*$/)
    .default('/tmp')
    .describe('Directory in the container the dump is written to before it is copied out and removed'),
});

export type JavaHeapDumpInput = z.infer<typeof JavaHeapDumpInput>;
