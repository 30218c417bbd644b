import { z } from 'zod';
import { PodStatusInput } from '../../steps/kubernetes/inputs.js';
import { openshiftJavaHeapDump } from '../actions/openshift-java-heap-dump.js';
import { openshiftNodeConditions } from '../actions/openshift-node-conditions.js';
import { openshiftPodDescribe } from '../actions/openshift-pod-describe.js';
import { openshiftPodLogs } from '../actions/openshift-pod-logs.js';
import { openshiftWorkloadRestart } from '../actions/openshift-workload-restart.js';
import { openshiftWorkloadRolloutStatus } from '../actions/openshift-workload-rollout-status.js';
import { argoSubmit } from '../description.js';
import { defineRunbook } from '../runbook.js';

const pod = {
  cluster: '{{workflow.parameters.cluster}}',
  namespace: '{{workflow.parameters.namespace}}',
  pod: '{{workflow.parameters.pod}}',
};

export const kubePodCrashLooping = defineRunbook({
  name: 'openshift-pod-crashloop-runbook',
  title: 'KubePodCrashLooping: diagnose the pod, suggest a heap dump or a restart, remediate on approval',
  description: [
    'The incident flow of a `KubePodCrashLooping` alert (labels `cluster`, `namespace`, `pod`). In parallel, each ' +
      'within its deadline: the pod (state, restarts, last termination, events and the end of the crashed log), ' +
      'the rollout of the workload that owns it, the conditions of its node, and its previous logs (an artifact). A report names the ' +
      'remediation: `openshift-java-heap-dump` of the pod when the crashed log shows `java.lang.OutOfMemoryError`, ' +
      'else `openshift-workload-restart` of its Deployment, StatefulSet or DaemonSet. The report goes to the ' +
      "operators' channel; the remediation runs once an approver runs `opsflow approve` (30 minutes, then the run " +
      'is rejected); the exit handler tells the outcome.',
    '**Changes:** only the approved remediation: a heap dump (the JVM pauses while it is written; it needs the ' +
      'JVM running, between two restarts) or a rolling restart of the workload.',
    "**Needs:** the cluster named by `cluster`, an artifact repository, and the operators' channel " +
      '(`notify.operators`).',
    '**Outputs:** `remediation`, `reason`, and `remediationResult` when one ran.',
    `\`\`\`\n${argoSubmit('openshift-pod-crashloop-runbook', { cluster: 'prod-ocp', namespace: 'shop', pod: 'checkout-5d9c7b-x2x4z' })}\n\`\`\``,
  ].join('\n\n'),
  alert: { name: 'KubePodCrashLooping', labels: ['cluster', 'namespace', 'pod'] },
  input: z.strictObject({
    cluster: PodStatusInput.shape.cluster,
    namespace: PodStatusInput.shape.namespace,
    pod: PodStatusInput.shape.pod,
  }),
  target: 'Pod {{workflow.parameters.namespace}}/{{workflow.parameters.pod}} on {{workflow.parameters.cluster}}',
  diagnoses: [
    {
      name: 'podState',
      title: 'Pod state, restarts and events',
      action: openshiftPodDescribe,
      arguments: { ...pod, tailLines: '50' },
      deadlineSeconds: 120,
    },
    {
      name: 'rollout',
      title: 'Rollout of its workload',
      action: openshiftWorkloadRolloutStatus,
      arguments: pod,
      deadlineSeconds: 120,
    },
    {
      name: 'node',
      title: 'Conditions of its node',
      action: openshiftNodeConditions,
      arguments: pod,
      deadlineSeconds: 120,
    },
    {
      name: 'logs',
      title: 'Previous logs (artifact `logs`)',
      action: openshiftPodLogs,
      arguments: {
        cluster: pod.cluster,
        namespace: pod.namespace,
        kind: 'Pod',
        name: pod.pod,
        previous: 'true',
        tailLines: '500',
      },
      deadlineSeconds: 180,
    },
  ],
  suggestions: [
    {
      remediation: 'heapDump',
      reason: 'the crashed log shows java.lang.OutOfMemoryError: a heap dump shows what fills the heap',
      diagnosis: 'podState',
      output: 'logTail',
      matches: 'java\\.lang\\.OutOfMemoryError',
    },
    {
      remediation: 'restart',
      reason: 'a workload owns the pod: a rolling restart replaces its pods',
      diagnosis: 'rollout',
      output: 'kind',
      matches: '^(Deployment|StatefulSet|DaemonSet)$',
    },
  ],
  remediations: [
    { name: 'heapDump', action: openshiftJavaHeapDump, arguments: pod },
    {
      name: 'restart',
      action: openshiftWorkloadRestart,
      arguments: {
        cluster: pod.cluster,
        namespace: pod.namespace,
        kind: '{{tasks.rollout.outputs.parameters.kind}}',
        name: '{{tasks.rollout.outputs.parameters.name}}',
      },
    },
  ],
  approval: { timeout: '30m' },
  // The pod's lock, shared with openshift-java-heap-dump: one runbook per pod, and no heap dump beside it.
  mutex: { prefix: 'kubernetes-pod', by: ['cluster', 'namespace', 'pod'] },
});
