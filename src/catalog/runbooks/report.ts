import { RunbookReportInput } from '../../steps/notify/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';

/**
 * The report step every runbook runs after its diagnoses. Not in the catalog by itself (it reads what a runbook's
 * DAG hands it), so it has no WorkflowTemplate of its own.
 */
export const runbookReport = defineAction({
  name: 'notify-runbook-report',
  title: "Aggregate a runbook's diagnoses into a report",
  description: actionDescription({
    summary:
      'Render the diagnoses (phase and outputs) as markdown and name the remediation the first matching rule ' +
      'suggests.',
    changes: 'nothing (read-only).',
    needs: 'nothing: it reads only its inputs.',
    outputs: '`report` (markdown), `remediation` (a task name or "none"), `reason` and `result`.',
    example: { template: 'a runbook', parameters: {} },
  }),
  step: {
    system: 'notify',
    name: 'runbook-report',
    input: RunbookReportInput,
    mutating: false,
    outputs: {
      report: 'The report (markdown: Slack, Webex and e-mail read it as it is), at most 9000 characters',
      remediation: 'The suggested remediation\'s task name, or "none"',
      reason: 'Why it is suggested, or why nothing is',
    },
  },
});
