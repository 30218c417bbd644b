import * as z from '../../../common/zod-mini.js';
import { Key, Matchers } from './shared.js';

/** A Prometheus-style duration: `30m`, `2h`, `1h30m`, `7d`, `1w`. */
export const Duration = z.string().check(
  z.maxLength(40),
  z.regex(/^(\d+[wdhms])+$/, { message: 'must be a duration such as "30m", "2h", "1h30m" or "7d"', abort: true }),
  z.refine((text) => durationMs(text) >= 60_000, 'must be at least 1m'),
  z.refine((text) => durationMs(text) <= 366 * 86_400_000, 'must be at most 366d'),
);

const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

export function durationMs(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([wdhms])/g)) total += Number(amount) * UNIT_MS[unit ?? 's']!;
  return total;
}

export const SilenceCreateInput = z.strictObject({
  matchers: Matchers.check(
    z.describe(
      'Alert label matchers, as amtool writes them (["instance=\\"cmp1\\"", "alertname=~\\"Node.*\\""]) or as ' +
        'objects {name, value, isRegex, isEqual}; the silence mutes the alerts matching all of them',
    ),
  ),
  duration: Duration.check(z.describe('How long the silence lasts from startsAt, e.g. "2h", "1h30m", "7d"')),
  startsAt: z
    .optional(z.iso.datetime({ offset: true }).check(z.maxLength(40)))
    .check(z.describe('When the silence starts (RFC 3339, e.g. 2026-05-01T22:00:00Z); default now')),
  createdBy: z
    ._default(z.string().check(z.minLength(1), z.maxLength(200)), 'opsflow')
    .check(z.describe('Creator shown in Alertmanager')),
  comment: z
    .string()
    .check(z.minLength(1), z.maxLength(2000), z.describe('Why the alerts are silenced, shown in Alertmanager')),
  key: z
    .optional(Key)
    .check(
      z.describe(
        'Idempotency key, kept in the comment as [opsflow-key=<key>]: an active or pending silence with this key ' +
          'and the same matchers is reused, not duplicated; default the Workflow (ARGO_WORKFLOW_UID, else ' +
          'ARGO_WORKFLOW_NAME)',
      ),
    ),
});

export type SilenceCreateInput = z.infer<typeof SilenceCreateInput>;
