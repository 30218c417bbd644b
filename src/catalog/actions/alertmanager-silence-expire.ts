import { SilenceExpireInput } from '../../steps/alertmanager/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';

export const alertmanagerSilenceExpire = defineAction({
  name: 'alertmanager-silence-expire',
  title: 'Expire Alertmanager silences by id or by key',
  description: actionDescription({
    summary:
      'Expire one silence by `id`, or every active or pending silence carrying the idempotency `key` (optionally only ' +
      'those having all of `matchers`). A silence already expired, or no silence with the key, is left as it is.',
    changes: 'the silences end now; the alerts they muted notify again.',
    needs:
      "the site's Alertmanager address (`alertmanager.url`) and, behind an authenticating proxy, its token (`alertmanager.apiToken`).",
    outputs: '`expired` (JSON list of the silence ids expired) and `result`.',
    example: { template: 'alertmanager-silence-expire', parameters: { key: 'maintenance/compute-17' } },
  }),
  step: {
    system: 'alertmanager',
    name: 'silence-expire',
    input: SilenceExpireInput,
    mutating: true,
    outputs: { expired: 'JSON list of the ids of the silences expired (or that would be, in a dry run)' },
  },
  mutex: { prefix: 'alertmanager-silence', by: ['key'] },
});
