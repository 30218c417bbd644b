import { AlertmanagerClient, type Matcher, type Silence } from '../../../clients/alertmanager/index.js';
import { toStepError } from '../../../clients/http/index.js';
import type { StepContext } from '../../runtime/step.js';

/** The idempotency tag at the end of a silence's comment. */
const TAG = /\s*\[opsflow-key=([^\]\s]+)\]$/;

export function taggedComment(comment: string, key: string): string {
  return `${comment} [opsflow-key=${key}]`;
}

export function keyOf(silence: Silence): string | undefined {
  return TAG.exec(silence.comment ?? '')?.[1];
}

/** The same set of matchers, in any order. */
export function sameMatchers(a: readonly Matcher[], b: readonly Matcher[]): boolean {
  const text = (list: readonly Matcher[]) =>
    list.map((m) => JSON.stringify([m.name, m.value, m.isRegex, m.isEqual])).sort();
  const [left, right] = [text(a), text(b)];
  return left.length === right.length && left.every((item, i) => item === right[i]);
}

/** The active or pending silences carrying `key` (and having `matchers`, when given). */
export async function liveSilencesWithKey(
  am: AlertmanagerClient,
  key: string,
  matchers: readonly Matcher[] = [],
): Promise<Silence[]> {
  return (await am.listSilences(matchers)).filter((s) => s.status.state !== 'expired' && keyOf(s) === key);
}

/** Runs `use` with a client from the environment, mapping its failures onto the exit-code contract. */
export async function withAlertmanager<T>(
  ctx: StepContext,
  what: string,
  use: (am: AlertmanagerClient) => Promise<T>,
): Promise<T> {
  const am = await AlertmanagerClient.fromContext(ctx);
  try {
    return await use(am);
  } catch (error) {
    throw toStepError(error, what);
  }
}
