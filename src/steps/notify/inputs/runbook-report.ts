import * as z from '../../../common/zod-mini.js';

const TASK_NAME = /^[a-z][A-Za-z0-9]*$/;

/** One diagnosis as the runbook's DAG hands it over: its Argo node phase and its output parameters. */
export const DiagnosisRecord = z.strictObject({
  name: z.string().check(z.maxLength(63), z.regex(TASK_NAME, 'must be a camelCase task name')),
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  /** `tasks.<name>.status`: Succeeded, Failed, Error, or "" when it did not finish. */
  phase: z.string().check(z.maxLength(20)),
  outputs: z._default(
    z.record(z.string().check(z.maxLength(63), z.regex(TASK_NAME)), z.string().check(z.maxLength(65_536))),
    {},
  ),
});

export type DiagnosisRecord = z.infer<typeof DiagnosisRecord>;

/** A rule: suggest `remediation` when the named output of a diagnosis that succeeded matches `matches`. */
export const SuggestionRule = z.strictObject({
  remediation: z.string().check(z.maxLength(63), z.regex(TASK_NAME, 'must be a camelCase task name')),
  reason: z.string().check(z.minLength(1), z.maxLength(500)),
  diagnosis: z.string().check(z.maxLength(63), z.regex(TASK_NAME)),
  output: z.string().check(z.maxLength(63), z.regex(TASK_NAME)),
  matches: z.string().check(
    z.minLength(1),
    z.maxLength(500),
    z.refine((pattern) => {
      try {
        new RegExp(pattern);
        return true;
      } catch {
        return false;
      }
    }, 'must be a regular expression'),
  ),
});

export type SuggestionRule = z.infer<typeof SuggestionRule>;

export const RunbookReportInput = z
  .strictObject({
    title: z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(250),
        z.describe('First line of the report, e.g. "KubePodCrashLooping: shop/web-1 on prod"'),
      ),
    diagnoses: z
      .array(DiagnosisRecord)
      .check(
        z.minLength(1),
        z.maxLength(20),
        z.describe(
          'The diagnoses: [{name, title, phase, outputs: {<output>: <value>}}], phase "" when it did not finish',
        ),
      ),
    suggestions: z
      ._default(z.array(SuggestionRule).check(z.maxLength(20)), [])
      .check(
        z.describe(
          'Rules in order, the first that holds wins: [{remediation, reason, diagnosis, output, matches}], `matches` a ' +
            'regular expression the output of a Succeeded diagnosis must match',
        ),
      ),
  })
  .check(
    z.superRefine((input, ctx) => {
      const names = input.diagnoses.map((diagnosis) => diagnosis.name);
      input.suggestions.forEach((rule, index) => {
        if (!names.includes(rule.diagnosis)) {
          ctx.addIssue({
            code: 'custom',
            path: ['suggestions', index, 'diagnosis'],
            message: `${JSON.stringify(rule.diagnosis)} is not one of the diagnoses (${names.join(', ')})`,
          });
        }
      });
    }),
  );

export type RunbookReportInput = z.infer<typeof RunbookReportInput>;
