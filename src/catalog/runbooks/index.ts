import type { Runbook } from '../runbook.js';
import { kubePodCrashLooping } from './kube-pod-crash-looping.js';
import { novaHypervisorDown } from './openstack-hypervisor-down.js';

/** The incident flows: each a WorkflowTemplate an alert starts (src/catalog/runbook.ts). */
export const runbooks: readonly Runbook[] = [kubePodCrashLooping, novaHypervisorDown];
