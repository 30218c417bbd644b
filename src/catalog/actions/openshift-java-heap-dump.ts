import { JavaHeapDumpInput } from '../../steps/kubernetes/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';

export const openshiftJavaHeapDump = defineAction({
  name: 'openshift-java-heap-dump',
  title: 'Take a Java heap dump of a JVM in an OpenShift/Kubernetes pod',
  description: actionDescription({
    summary:
      'Run `jcmd <pid> GC.heap_dump` in the container, copy the dump out as an artifact and remove it from the ' +
      'container. The JVM pauses while the dump is written.',
    changes: "the JVM pauses for the dump; the file takes room in the container's `directory` until it is copied out.",
    needs:
      "the cluster named by `cluster` in the site configuration (its kubeconfig Secret, or this template's " +
      'ServiceAccount on the in-cluster one) allowed to get the pod and exec into it; `jcmd`, `cat` and `rm` in the ' +
      "container; an artifact repository in this namespace. The step's /tmp holds dumps up to 8Gi.",
    outputs: 'the artifact `heapdump` (HPROF), `sizeBytes` and `result`.',
    example: {
      template: 'openshift-java-heap-dump',
      parameters: { cluster: 'prod-ocp', namespace: 'shop', pod: 'checkout-5d8f7c9b6-x2x9z' },
    },
  }),
  step: {
    system: 'kubernetes',
    name: 'java-heap-dump',
    input: JavaHeapDumpInput,
    mutating: true,
    outputs: { sizeBytes: 'Size of the heap dump in bytes' },
    files: { heapdump: 'The heap dump (HPROF)' },
  },
  // One dump per pod at a time (a second would pause the JVM again and fill its disk twice); at most two across
  // the site, each streaming gigabytes through the API server's exec connection.
  mutex: { prefix: 'kubernetes-pod', by: ['cluster', 'namespace', 'pod'] },
  maxParallel: 2,
  // The dump and the copy out of a large heap.
  stepSeconds: 3600,
  // The dump lands in /tmp/outputs before Argo uploads it.
  tmpSize: '8Gi',
  // Exactly the calls of src/steps/kubernetes/java-heap-dump.ts: read the pod, then exec (jcmd -l, jcmd, cat, rm)
  // over WebSocket. Since Kubernetes 1.31 a WebSocket exec needs `create` on pods/exec
  // (AuthorizePodWebsocketUpgradeCreatePermission); before, the upgrade GET is authorized as `get`.
  inClusterAccess: [
    { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
  ],
});
