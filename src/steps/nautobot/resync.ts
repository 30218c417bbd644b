import { defineStep } from '../runtime/step.js';
import { PLAN_DESCRIPTION, ResyncInput } from './inputs/resync.js';

/**
 * Every Ironic node → Nautobot, in bulk: both sides are listed whole (Ironic nodes and ports by marker pages from both
 * ends, Nautobot devices and interfaces by parallel offset pages of its GraphQL API), diffed in memory, and only the
 * differences are written through the bulk endpoints. An unchanged node costs no request of its own. All requests
 * share one concurrency limit. Devices of nodes gone from Ironic are set to Decommissioning.
 */
export const resync = defineStep({
  system: 'nautobot',
  name: 'resync',
  description: 'Sync every Ironic node and port to Nautobot devices and interfaces, writing only the differences',
  input: ResyncInput,
  mutating: true,
  outputs: {
    changes: 'JSON counts of devices and interfaces created, updated, decommissioned and unchanged',
  },
  // The plan grows with the inventory (1.37 MB for 2,000 nodes with 2 ports), too big for an output parameter, which
  // lives in the Workflow's status (etcd, about 1 MiB): an artifact, or without a repository the capped tail.
  files: { plan: PLAN_DESCRIPTION },
  cappedFiles: ['plan'],
  target: () => 'every Ironic node',
  run: (input, ctx) => import('./run/resync.js').then((module) => module.run(input, ctx)),
});
