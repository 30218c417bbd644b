import type { Action } from '../action.js';
import { openshiftWorkloadRestart } from './openshift-workload-restart.js';

/**
 * Every action of the catalog; each becomes a WorkflowTemplate. Kept apart from the automations so `opsflow` loads
 * the input schemas without cdk8s.
 */
export const actions: readonly Action[] = [openshiftWorkloadRestart];
