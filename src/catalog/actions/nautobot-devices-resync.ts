import { PLAN_DESCRIPTION, ResyncInput } from '../../steps/nautobot/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { nautobotNeeds } from '../nautobot.js';

export const nautobotDevicesResync = defineAction({
  name: 'nautobot-devices-resync',
  title: 'Resync every Ironic node and port to Nautobot',
  description: actionDescription({
    summary:
      'List every Ironic node and port and every Nautobot device and interface, and write only the differences ' +
      'in bulk. A run that would decommission more than `maxDecommission` devices stops before any write (an ' +
      'Ironic listing that misses nodes looks like a mass deletion).',
    changes: 'Nautobot devices and interfaces: created, updated, decommissioned.',
    needs: nautobotNeeds('to list every node and port'),
    outputs:
      '`changes` (JSON counts) and `result`; `plan`, every write as JSON lines (also with `dryRun=true`), is an artifact (with no artifact repository, an output parameter of its last `artifacts.maxParameterBytes`).',
    example: { template: 'nautobot-devices-resync', parameters: { dryRun: 'true' } },
  }),
  step: {
    system: 'nautobot',
    name: 'resync',
    input: ResyncInput,
    mutating: true,
    outputs: {
      changes: 'JSON counts of devices and interfaces created, updated, decommissioned and unchanged',
    },
    files: { plan: PLAN_DESCRIPTION },
    cappedFiles: ['plan'],
  },
  // One resync at a time: two would plan from the same listing and write the same differences twice.
  maxParallel: 1,
  // 2,000 nodes take under a second against the bench's servers (docs/nautobot-sync.md); an hour is for slow ones.
  stepSeconds: 3600,
});
