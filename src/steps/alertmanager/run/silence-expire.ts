import type { Silence } from '../../../clients/alertmanager/index.js';
import { NotFoundError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { SilenceExpireInput } from '../inputs/silence-expire.js';
import { liveSilencesWithKey, withAlertmanager } from './silences.js';

export function run(input: SilenceExpireInput, ctx: StepContext): Promise<StepResult> {
  return withAlertmanager(ctx, input.id ? `silence ${input.id}` : `silences with key ${input.key}`, async (am) => {
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
  });
}
