import { defineStep } from '../runtime/step.js';
import { RunbookReportInput } from './inputs/runbook-report.js';

/** The `remediation` output when no rule matches. */
export const NO_REMEDIATION = 'none';

export const runbookReport = defineStep({
  system: 'notify',
  name: 'runbook-report',
  description:
    "Aggregate a runbook's diagnoses into a markdown report and name the remediation the first matching rule suggests",
  input: RunbookReportInput,
  mutating: false,
  outputs: {
    report: 'The report (markdown: Slack, Webex and e-mail read it as it is), at most 9000 characters',
    remediation: `The suggested remediation's task name, or "${NO_REMEDIATION}"`,
    reason: 'Why it is suggested, or why nothing is',
  },
  target: (input) => input.title,
  run: (input, ctx) => import('./run/runbook-report.js').then((module) => module.run(input, ctx)),
});
