import type { StepDefinition } from '../runtime/step.js';
import { approvalCheck } from './approval-check.js';
import { cronJobTrigger } from './cronjob-trigger.js';
import { javaHeapDump } from './java-heap-dump.js';
import { nodeConditions } from './node-conditions.js';
import { podLogs } from './pod-logs.js';
import { podStatus } from './pod-status.js';
import { rolloutStatusStep } from './rollout-status.js';
import { runGuard } from './run-guard.js';
import { workloadDelete } from './workload-delete.js';
import { workloadRestart } from './workload-restart.js';

/** The steps of the kubernetes image: `opsflow-step kubernetes <name>`. */
export const steps: readonly StepDefinition[] = [
  workloadRestart,
  workloadDelete,
  cronJobTrigger,
  podLogs,
  podStatus,
  rolloutStatusStep,
  nodeConditions,
  javaHeapDump,
  runGuard,
  approvalCheck,
];
