import * as z from '../../../common/zod-mini.js';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const JavaHeapDumpInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  pod: ObjectName.check(z.describe('Name of the pod running the JVM')),
  container: z
    .optional(z.string().check(z.maxLength(63), z.regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)))
    .check(z.describe("Container running the JVM; default the pod's first container")),
  pid: z
    .optional(z.int().check(z.minimum(1)))
    .check(z.describe('JVM process id; default the only JVM `jcmd -l` lists')),
  directory: z
    ._default(z.string().check(z.maxLength(1024), z.regex(/^\/[\w./-]*$/)), '/tmp')
    .check(z.describe('Directory in the container the dump is written to before it is copied out and removed')),
});

export type JavaHeapDumpInput = z.infer<typeof JavaHeapDumpInput>;
