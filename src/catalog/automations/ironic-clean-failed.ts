import { Filter, Transform } from '../../constructs/events/index.js';
import { constant, defineAutomation, fromEvent, on } from '../automation.js';
import { ironicNodeRecover } from '../composites/ironic-node-recover.js';
import { OSLO_MESSAGE_ID, UUID } from './identity.js';
import { openstackIronic } from './sources.js';

/** Ironic's versioned payload: the node's fields are under `ironic_object.data` (a key with a dot). */
const NODE = 'body.payload.ironic_object\\.data';

/** A node is recovered by this automation at most once per this many minutes. */
export const RECOVER_COOL_DOWN_MINUTES = 60;

/**
 * A node entering "clean failed" (Ironic's `baremetal.node.provision_set.error`, priority ERROR, event `fail`) is
 * recovered by `ironic-node-recover`. Never a loop: the recover's own reclean may fail again and send another
 * "clean failed", whose Workflow waits on the node's mutex and then refuses (exit 3), because the node's
 * `extra.opsflow_reclean` says another Workflow began recovering it less than 60 minutes ago. So per node at most one
 * recovery (of at most `maxAttempts` = 2 cleanings) per 60 minutes, whatever Ironic sends.
 */
export const ironicNodeCleanFailed = defineAutomation({
  name: 'ironic-node-clean-failed',
  description: 'Recover an Ironic node that entered "clean failed" (at most once per node per 60 minutes).',
  on: on(openstackIronic, 'errors'),
  transform: Transform.osloMessage(),
  filters: [
    Filter.equals('body.event_type', 'baremetal.node.provision_set.error'),
    Filter.equals(`${NODE}.provision_state`, 'clean failed'),
    Filter.equals(`${NODE}.event`, 'fail'),
    Filter.matches(OSLO_MESSAGE_ID, UUID),
    Filter.matches(`${NODE}.uuid`, UUID),
  ],
  action: ironicNodeRecover,
  parameters: {
    node: fromEvent(`${NODE}.uuid`),
    minIntervalMinutes: constant(RECOVER_COOL_DOWN_MINUTES),
  },
  runKey: OSLO_MESSAGE_ID,
});
