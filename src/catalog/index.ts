import type { Action } from './action.js';
import { openshiftWorkloadRestart } from './actions/openshift-workload-restart.js';

export { automations, eventSources } from './automations/index.js';

/** Every action of the catalog; each becomes a WorkflowTemplate. */
export const actions: readonly Action[] = [openshiftWorkloadRestart];
