import { type AlertmanagerClient, matcherText, type Silence } from '../../../clients/alertmanager/index.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, sleep, toStepError } from '../../../clients/http/index.js';
import { ExitCode, InvalidInputError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import { durationMs, type SilenceCreateInput } from '../inputs/silence-create.js';
import { liveSilencesWithKey, sameMatchers, taggedComment, withAlertmanager } from './silences.js';

/** POSTs of one run: the first, and two more after a failure that left no silence behind. */
const CREATE_ATTEMPTS = 3;

/**
 * The silence's key: the input's, else the Workflow's (Argo sets ARGO_WORKFLOW_NAME in every main container,
 * workflow/controller/workflowpod.go, v4.1.2; a template may pass `{{workflow.uid}}` as ARGO_WORKFLOW_UID), so a
 * retried step or `argo retry` meets the silence its first attempt made.
 */
export function silenceKey(key: string | undefined, env: StepContext['env']): string {
  const resolved = key ?? (env.ARGO_WORKFLOW_UID || env.ARGO_WORKFLOW_NAME);
  if (!resolved) {
    throw new InvalidInputError(
      'key: not set; pass --key (e.g. maintenance/cmp1) or run in an Argo Workflow (ARGO_WORKFLOW_NAME)',
    );
  }
  return resolved;
}

export function run(input: SilenceCreateInput, ctx: StepContext): Promise<StepResult> {
  const key = silenceKey(input.key, ctx.env);
  const startsAt = input.startsAt ? new Date(input.startsAt) : new Date();
  const endsAt = new Date(startsAt.getTime() + durationMs(input.duration));
  if (endsAt.getTime() <= Date.now()) {
    throw new InvalidInputError(
      `startsAt: ${JSON.stringify(input.startsAt)} plus duration ${JSON.stringify(input.duration)} ends in the past`,
    );
  }
  const silence = {
    matchers: input.matchers,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    createdBy: input.createdBy,
    comment: taggedComment(input.comment, key),
  };
  const shown = input.matchers.map(matcherText).join(', ');
  const mine = async (am: AlertmanagerClient): Promise<Silence | undefined> =>
    (await liveSilencesWithKey(am, key, input.matchers)).find((s) => sameMatchers(s.matchers, input.matchers));

  return withAlertmanager(ctx, `silence ${shown}`, async (am) => {
    const existing = await mine(am);
    if (existing) {
      await ctx.output('silenceId', existing.id);
      return {
        outcome: 'unchanged',
        message: `silence ${existing.id} with key ${key} already mutes ${shown} until ${existing.endsAt}`,
        details: { silenceId: existing.id, key, state: existing.status.state, endsAt: existing.endsAt },
      };
    }
    const window = { startsAt: silence.startsAt, endsAt: silence.endsAt };
    if (ctx.dryRun) {
      await ctx.output('silenceId', '');
      return {
        outcome: 'dry-run',
        message: `would silence ${shown} from ${silence.startsAt} until ${silence.endsAt} (key ${key})`,
        details: { key, matchers: input.matchers, ...window, createdBy: input.createdBy },
      };
    }
    const id = await createOnce(am, silence, () => mine(am), ctx);
    ctx.log.info('silence-created', { silenceId: id, key, ...window });
    await ctx.output('silenceId', id);
    return {
      outcome: 'changed',
      message: `silenced ${shown} until ${silence.endsAt}: silence ${id}`,
      details: { silenceId: id, key, ...window },
    };
  });
}

/**
 * POST is not repeated by the HTTP core: an answer lost after Alertmanager stored the silence would make a second
 * one. So after a transient failure the step looks for its key first, and posts again only when nothing is there.
 */
async function createOnce(
  am: AlertmanagerClient,
  silence: Parameters<AlertmanagerClient['createSilence']>[0],
  find: () => Promise<Silence | undefined>,
  ctx: StepContext,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await am.createSilence(silence);
    } catch (error) {
      const failure = toStepError(error, 'create silence');
      if (failure.exitCode !== ExitCode.Transient) throw failure;
      const found = await find();
      if (found) {
        ctx.log.warn('accepted-despite-lost-answer', { silenceId: found.id, error: failure.message });
        return found.id;
      }
      if (attempt >= CREATE_ATTEMPTS) throw failure;
      const delayMs = backoffDelay(attempt, DEFAULT_RETRY_POLICY);
      ctx.log.warn('create-retry', { attempt, delayMs, error: failure.message });
      await sleep(delayMs, ctx.signal);
    }
  }
}
