import { SilenceCreateInput } from '../../steps/alertmanager/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';

export const alertmanagerSilenceCreate = defineAction({
  name: 'alertmanager-silence-create',
  title: 'Silence alerts in Alertmanager for a while',
  description: actionDescription({
    summary:
      'Create an Alertmanager silence of the alerts matching every matcher, for `duration` from `startsAt` (default ' +
      'now). The silence carries an idempotency key in its comment (`key`, default the Workflow uid): an active or ' +
      'pending silence with the same key and matchers is reused, so a retry never makes a second one.',
    changes: 'a new silence in Alertmanager (shown in its UI and `amtool silence query`).',
    needs:
      "the site's Alertmanager address (`alertmanager.url`) and, behind an authenticating proxy, its token (`alertmanager.apiToken`).",
    outputs: '`silenceId` (the silence created or reused) and `result`.',
    example: {
      template: 'alertmanager-silence-create',
      parameters: {
        matchers: '["instance=\\"compute-17\\""]',
        duration: '4h',
        comment: 'DIMM replacement, CHG-1234',
        key: 'maintenance/compute-17',
      },
    },
  }),
  step: {
    system: 'alertmanager',
    name: 'silence-create',
    input: SilenceCreateInput,
    mutating: true,
    outputs: { silenceId: 'Id of the silence (created, or found by its key)' },
  },
  // Two runs with one key would both find no silence and both create one: one run per key at a time, shared with
  // alertmanager-silence-expire (runs without a key share one lock; a silence is created in seconds).
  mutex: { prefix: 'alertmanager-silence', by: ['key'] },
});
