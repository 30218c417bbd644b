import type { Matcher } from '../../../clients/alertmanager/matchers.js';
import * as z from '../../../common/zod-mini.js';

/** Prometheus label names (also what Alertmanager accepts in a matcher). */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** amtool's matcher syntax: `name="value"`, `name=~"regex"`, `name!="value"`, `name!~"regex"`, quotes optional. */
const MATCHER_TEXT = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

const MATCHER_HINT =
  'must be a matcher such as instance="cmp1", alertname=~"Node.*" or severity!="info" (a quoted value ends with ' +
  'an unescaped "), or an object {name, value, isRegex, isEqual}';

/** A transform of zod/mini: it is handed the parse payload, whose issues it adds to (classic zod's `ctx.addIssue`). */
function parseMatcherText(text: string, payload: z.core.ParsePayload): Matcher {
  const found = MATCHER_TEXT.exec(text);
  const [, name = '', operator = '', raw = ''] = found ?? [];
  if (!found || (raw.startsWith('"') && !/^"(?:[^"\\]|\\.)*"$/.test(raw))) {
    payload.issues.push({ code: 'custom', message: MATCHER_HINT, input: text });
    return z.NEVER;
  }
  let value = raw;
  if (raw.startsWith('"')) {
    value = raw.slice(1, -1).replace(/\\(.)/g, (_all, escaped: string) => (escaped === 'n' ? '\n' : escaped));
  }
  return { name, value, isRegex: operator.endsWith('~'), isEqual: operator.startsWith('=') };
}

const MatcherObject = z.strictObject({
  name: z.string().check(z.maxLength(200), z.regex(LABEL_NAME, 'must be a label name'), z.describe('Alert label name')),
  value: z
    .string()
    .check(
      z.maxLength(1000),
      z.describe('Label value, or a regular expression (RE2, anchored by Alertmanager) with isRegex'),
    ),
  isRegex: z._default(z.boolean(), false).check(z.describe('The value is a regular expression')),
  isEqual: z._default(z.boolean(), true).check(z.describe('false for a negative matcher (!= or !~)')),
});

export const Matchers = z
  .array(
    z.union([z.pipe(z.string().check(z.maxLength(1000)), z.transform(parseMatcherText)), MatcherObject], {
      error: MATCHER_HINT,
    }),
  )
  .check(
    z.minLength(1),
    z.maxLength(32),
    z.refine(
      (matchers) => matchers.some((m) => !matchesEmpty(m)),
      'at least one matcher must not match the empty string (Alertmanager refuses a silence of every alert)',
    ),
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
  .check(
    z.maxLength(200),
    z.regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}$/, 'must be 1-200 letters, digits and . _ : / @ - (no spaces)'),
  );
