import * as z from 'zod';
import type { Matcher } from '../../clients/alertmanager/index.js';

/**
 * Input schemas of the Alertmanager steps. Each one is also the WorkflowTemplate parameters of the actions that run
 * the step and what `opsflow run` validates, so it is declared once here.
 */

/** Prometheus label names (also what Alertmanager accepts in a matcher). */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** amtool's matcher syntax: `name="value"`, `name=~"regex"`, `name!="value"`, `name!~"regex"`, quotes optional. */
const MATCHER_TEXT = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

const MATCHER_HINT =
  'must be a matcher such as instance="cmp1", alertname=~"Node.*" or severity!="info" (a quoted value ends with ' +
  'an unescaped "), or an object {name, value, isRegex, isEqual}';

function parseMatcherText(text: string, ctx: z.RefinementCtx): Matcher {
  const found = MATCHER_TEXT.exec(text);
  const [, name = '', operator = '', raw = ''] = found ?? [];
  if (!found || (raw.startsWith('"') && !/^"(?:[^"\\]|\\.)*"$/.test(raw))) {
    ctx.addIssue({ code: 'custom', message: MATCHER_HINT });
    return z.NEVER;
  }
  let value = raw;
  if (raw.startsWith('"')) {
    value = raw.slice(1, -1).replace(/\\(.)/g, (_all, escaped: string) => (escaped === 'n' ? '\n' : escaped));
  }
  return { name, value, isRegex: operator.endsWith('~'), isEqual: operator.startsWith('=') };
}

const MatcherObject = z.strictObject({
  name: z.string().max(200).regex(LABEL_NAME, 'must be a label name').describe('Alert label name'),
  value: z
    .string()
    .max(1000)
    .describe('Label value, or a regular expression (RE2, anchored by Alertmanager) with isRegex'),
  isRegex: z.boolean().default(false).describe('The value is a regular expression'),
  isEqual: z.boolean().default(true).describe('false for a negative matcher (!= or !~)'),
});

export const Matchers = z
  .array(z.union([z.string().max(1000).transform(parseMatcherText), MatcherObject], { error: MATCHER_HINT }))
  .min(1)
  .max(32)
  .refine(
    (matchers) => matchers.some((m) => !matchesEmpty(m)),
    'at least one matcher must not match the empty string (Alertmanager refuses a silence of every alert)',
  );

/** What Alertmanager refuses alone (silence/silence.go validateSilence, v0.25.0); regexes are judged by JS. */
function matchesEmpty(matcher: Matcher): boolean {
  if (!matcher.isRegex) return (matcher.value === '') === matcher.isEqual;
  try {
    return new RegExp(`^(?:${matcher.value})$`).test('') === matcher.isEqual;
  } catch {
    return false; // Alertmanager reports a bad regex itself
  }
}

/** The idempotency key: a tag in the silence's comment. */
export const Key = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}$/, 'must be 1-200 letters, digits and . _ : / @ - (no spaces)');

/** A Prometheus-style duration: `30m`, `2h`, `1h30m`, `7d`, `1w`. */
export const Duration = z
  .string()
  .max(40)
  .regex(/^(\d+[wdhms])+$/, { message: 'must be a duration such as "30m", "2h", "1h30m" or "7d"', abort: true })
  .refine((text) => durationMs(text) >= 60_000, 'must be at least 1m')
  .refine((text) => durationMs(text) <= 366 * 86_400_000, 'must be at most 366d');

const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

export function durationMs(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([wdhms])/g)) total += Number(amount) * UNIT_MS[unit ?? 's']!;
  return total;
}

export const SilenceCreateInput = z.strictObject({
  matchers: Matchers.describe(
    'Alert label matchers, as amtool writes them (["instance=\\"cmp1\\"", "alertname=~\\"Node.*\\""]) or as ' +
      'objects {name, value, isRegex, isEqual}; the silence mutes the alerts matching all of them',
  ),
  duration: Duration.describe('How long the silence lasts from startsAt, e.g. "2h", "1h30m", "7d"'),
  startsAt: z.iso
    .datetime({ offset: true })
    .max(40)
    .optional()
    .describe('When the silence starts (RFC 3339, e.g. 2026-05-01T22:00:00Z); default now'),
  createdBy: z.string().min(1).max(200).default('opsflow').describe('Creator shown in Alertmanager'),
  comment: z.string().min(1).max(2000).describe('Why the alerts are silenced, shown in Alertmanager'),
  key: Key.optional().describe(
    'Idempotency key, kept in the comment as [opsflow-key=<key>]: an active or pending silence with this key ' +
      'and the same matchers is reused, not duplicated; default the Workflow (ARGO_WORKFLOW_UID, else ' +
      'ARGO_WORKFLOW_NAME)',
  ),
});
export type SilenceCreateInput = z.infer<typeof SilenceCreateInput>;

export const SilenceExpireInput = z
  .strictObject({
    id: z.uuid().max(36).optional().describe('The silence to expire, by id (the silenceId output of silence-create)'),
    key: Key.optional().describe('Expire every active or pending silence carrying this idempotency key'),
    matchers: Matchers.optional().describe(
      'With key: only the silences having all these matchers (same syntax as silence-create)',
    ),
  })
  .refine((input) => (input.id === undefined) !== (input.key === undefined), {
    message: 'give exactly one of id and key',
    path: ['id'],
  })
  .refine((input) => input.matchers === undefined || input.key !== undefined, {
    message: 'matchers narrow a key search; they need key',
    path: ['matchers'],
  });
export type SilenceExpireInput = z.infer<typeof SilenceExpireInput>;
