import { matcherText, type Silence } from '../../clients/alertmanager/index.js';
import { NotFoundError } from '../runtime/errors.js';
import { defineStep } from '../runtime/step.js';
import { SilenceExpireInput } from './inputs/silence-expire.js';
import { liveSilencesWithKey, withAlertmanager } from './silences.js';

export const silenceExpire = defineStep({
  system: 'alertmanager',
  name: 'silence-expire',
  description: 'Expire a silence by id, or every active or pending silence carrying an idempotency key',
  input: SilenceExpireInput,
  mutating: true,
  outputs: { expired: 'JSON list of the ids of the silences expired (or that would be, in a dry run)' },
  target: (input) =>
    input.id
      ? `silence ${input.id}`
      : `silences with key ${input.key}${input.matchers ? ` of ${input.matchers.map(matcherText).join(', ')}` : ''}`,
  run: (input, ctx) =>
    withAlertmanager(ctx, input.id ? `silence ${input.id}` : `silences with key ${input.key}`, async (am) => {
      let live: Silence[];
      if (input.id) {
        const silence = await am.getSilence(input.id);
        if (!silence) throw new NotFoundError(`silence ${input.id} not found in Alertmanager`);
        live = silence.status.state === 'expired' ? [] : [silence];
      } else {
        live = await liveSilencesWithKey(am, input.key ?? '', input.matchers);
      }
      const ids = live.map((s) => s.id);
      await ctx.output('expired', ids);
      if (ids.length === 0) {
        return {
          outcome: 'unchanged',
          message: input.id
            ? `silence ${input.id} had already expired`
            : `no active or pending silence has key ${input.key}`,
          details: { expired: [] },
        };
      }
      const list = ids.join(', ');
      if (ctx.dryRun) {
        return { outcome: 'dry-run', message: `would expire silence ${list}`, details: { expired: ids } };
      }
      // DELETE is idempotent (an expired silence expires again without error), so the HTTP core may repeat it.
      for (const id of ids) {
        await am.expireSilence(id);
        ctx.log.info('silence-expired', { silenceId: id });
      }
      return { outcome: 'changed', message: `expired silence ${list}`, details: { expired: ids } };
    }),
});
