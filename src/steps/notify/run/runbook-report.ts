import type { StepContext, StepResult } from '../../runtime/step.js';
import type { DiagnosisRecord, RunbookReportInput, SuggestionRule } from '../inputs/runbook-report.js';
import { NO_REMEDIATION } from '../runbook-report.js';

/** What `remediation` says when no rule holds. */
/**
 * The report fits one notify `vars` value (10 000 characters) with room for the notice around it; each output
 * shows at most its last OUTPUT_CHARS characters (the end of a log is where a crash is).
 */
const REPORT_CHARS = 9000;
const OUTPUT_CHARS = 1500;

export async function run(input: RunbookReportInput, ctx: StepContext): Promise<StepResult> {
  const suggestion = suggest(input.diagnoses, input.suggestions);
  const report = renderReport(input.title, input.diagnoses, suggestion);
  await ctx.output('report', report);
  await ctx.output('remediation', suggestion.remediation);
  await ctx.output('reason', suggestion.reason);
  const failed = input.diagnoses.filter((diagnosis) => diagnosis.phase !== 'Succeeded').length;
  return {
    outcome: 'unchanged',
    message: `${input.diagnoses.length - failed} of ${input.diagnoses.length} diagnoses succeeded; suggested: ${suggestion.remediation}`,
    details: { remediation: suggestion.remediation, reason: suggestion.reason },
  };
}

export interface Suggestion {
  readonly remediation: string;
  readonly reason: string;
}

/** The first rule whose diagnosis succeeded and whose output matches; a failed diagnosis proves nothing. */
export function suggest(diagnoses: readonly DiagnosisRecord[], rules: readonly SuggestionRule[]): Suggestion {
  for (const rule of rules) {
    const diagnosis = diagnoses.find((candidate) => candidate.name === rule.diagnosis);
    const value = diagnosis?.outputs[rule.output];
    if (diagnosis?.phase === 'Succeeded' && value !== undefined && new RegExp(rule.matches).test(value)) {
      return { remediation: rule.remediation, reason: rule.reason };
    }
  }
  const unfinished = diagnoses.filter((diagnosis) => diagnosis.phase !== 'Succeeded').map((d) => d.name);
  return {
    remediation: NO_REMEDIATION,
    reason:
      `no rule matched the findings${unfinished.length > 0 ? ` (without ${unfinished.join(', ')}, which did not succeed)` : ''}: ` +
      'look at the diagnoses',
  };
}

/** Markdown that reads the same in Slack, Webex and a plain e-mail: a title line, bullets, code for values (notify sends the subject in bold). */
export function renderReport(title: string, diagnoses: readonly DiagnosisRecord[], suggestion: Suggestion): string {
  const lines = [
    title,
    '',
    suggestion.remediation === NO_REMEDIATION
      ? `No remediation suggested: ${suggestion.reason}.`
      : `Suggested remediation: \`${suggestion.remediation}\`, because ${suggestion.reason}.`,
    '',
    'Diagnoses:',
  ];
  for (const diagnosis of diagnoses) {
    lines.push(`- ${diagnosis.title} (\`${diagnosis.name}\`): ${phaseText(diagnosis.phase)}`);
    for (const [name, value] of Object.entries(diagnosis.outputs)) {
      if (value === '') continue;
      const shown = value.length > OUTPUT_CHARS ? `…${value.slice(-OUTPUT_CHARS)}` : value;
      if (shown.includes('\n'))
        lines.push(
          `  ${name}:`,
          '  ```',
          ...shown
            .replace(/\n$/, '')
            .split('\n')
            .map((line) => `  ${line}`),
          '  ```',
        );
      else lines.push(`  ${name}: \`${shown}\``);
    }
  }
  const report = lines.join('\n');
  const cut = '\n… (cut: the full outputs are in the run)';
  return report.length > REPORT_CHARS ? `${report.slice(0, REPORT_CHARS - cut.length)}${cut}` : report;
}

function phaseText(phase: string): string {
  if (phase === 'Succeeded') return 'done';
  if (phase === '') return 'no result (it did not finish)';
  return `${phase}: no finding from it (it failed or passed its deadline)`;
}
