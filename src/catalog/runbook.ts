/**
 * A runbook: the incident flow for one alert, as one WorkflowTemplate (a composite, built by
 * src/charts/composite-template.ts):
 *
 *   diagnoses (in parallel, each bound by its own deadline; a failed or timed-out one never blocks the rest)
 *     -> report (markdown of every diagnosis, naming the remediation the first matching rule suggests)
 *     -> notifyReport (the report to the operators' channel)
 *     -> decision (the approval gate, src/charts/approval-gate.ts: `opsflow approve` by an approver runs the
 *        remediation; `opsflow reject`, or no decision within `approval.timeout`, fails the run here)
 *     -> the suggested remediation, only when the decision succeeded (one of `remediations`; the others are
 *        skipped)
 *   and the exit handler tells the operators' channel the outcome (Succeeded, or Failed with the node that failed).
 *
 * Interface for whoever starts a runbook from an alert (the Alertmanager fan-out):
 * - the WorkflowTemplate is named `name`; `alert.name` is the `alertname` it handles;
 * - its parameters are the keys of `input`: each of `alert.labels` is the alert label of the same name (e.g.
 *   `cluster`, `namespace`, `pod`, or `host`) and has no default, so a run without it is refused at submission;
 *   every other parameter has a default and may be left out;
 * - `dryRun=true` (present when a remediation changes something) reaches the remediation, which then changes
 *   nothing; the diagnoses and the report always run.
 */
import type { z } from 'zod';
import type { InputObject } from '../steps/runtime/step.js';
import type { Action } from './action.js';
import { notifyMessageSend } from './actions/notify-message-send.js';
import {
  type CompositeAction,
  type CompositeTask,
  defineComposite,
  operatorsChannel,
  varsExpression,
} from './composite.js';
import { runbookReport } from './runbooks/report.js';

export interface RunbookDiagnosis {
  /** DAG task name: a camelCase word. */
  readonly name: string;
  /** The heading of its part of the report. */
  readonly title: string;
  /** A read-only catalog action: its step runs here. */
  readonly action: Action;
  /** The step's inputs (`{{workflow.parameters.<label>}}`), as for a composite task. */
  readonly arguments: Readonly<Record<string, string>>;
  /** One attempt, failed by Argo past this; the report waits for nothing longer. */
  readonly deadlineSeconds: number;
}

export type RunbookRemediation =
  | {
      readonly name: string;
      /** A catalog action: its step runs here with these inputs, e.g. a diagnosis' output. */
      readonly action: Action;
      readonly arguments: Readonly<Record<string, string>>;
    }
  | {
      readonly name: string;
      /** A composite: its DAG runs here with the runbook's parameters (the runbook has all of the composite's). */
      readonly composite: CompositeAction;
      /** The composite's workflow output that tells its outcome (e.g. a drain report). */
      readonly outcome: string;
    };

/** Suggest `remediation` when the `output` of the diagnosis `diagnosis`, which succeeded, matches `matches`. */
export interface RunbookSuggestion {
  readonly remediation: string;
  /** Completes "Suggested remediation: x, because ...". */
  readonly reason: string;
  readonly diagnosis: string;
  readonly output: string;
  /** A regular expression (JavaScript; the report step evaluates it). */
  readonly matches: string;
}

export interface Runbook<Schema extends InputObject = InputObject> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly alert: { readonly name: string; readonly labels: readonly (keyof z.core.input<Schema> & string)[] };
  readonly input: Schema;
  /** What the alert is about, for the report's first line: `{{workflow.parameters.*}}` in text. */
  readonly target: string;
  readonly diagnoses: readonly RunbookDiagnosis[];
  readonly remediations: readonly RunbookRemediation[];
  /** In order; the first that holds names the remediation. None holds: no remediation, no decision. */
  readonly suggestions: readonly RunbookSuggestion[];
  /** How long the decision waits for a person (`suspend.duration`, e.g. "30m"). */
  readonly approval: { readonly timeout: string };
  /** One run per target, shared with the actions of the same lock (`Action.mutex`). */
  readonly mutex?: { readonly prefix: string; readonly by: readonly (keyof z.core.input<Schema> & string)[] };
}

export function defineRunbook<Schema extends InputObject>(runbook: Runbook<Schema>): Runbook<Schema> {
  return runbook;
}

/** The task names the runbook adds around its diagnoses and remediations. */
export const RUNBOOK_TASKS = { report: 'report', notify: 'notifyReport', decision: 'decision' } as const;

const suggested = `tasks.${RUNBOOK_TASKS.report}.outputs.parameters.remediation`;

/** The runbook as a composite: the DAG above, the report's global outputs and the outcome notice. */
export function runbookComposite(runbook: Runbook): CompositeAction {
  const { report, notify, decision } = RUNBOOK_TASKS;
  const diagnoses: CompositeTask[] = runbook.diagnoses.map((diagnosis) => ({
    name: diagnosis.name,
    action: diagnosis.action,
    arguments: diagnosis.arguments,
    deadlineSeconds: diagnosis.deadlineSeconds,
    // A failed or timed-out diagnosis is part of the report, not the end of the run.
    continueOn: { failed: true, error: true },
  }));
  const remediations: CompositeTask[] = runbook.remediations.map((remediation) => {
    const gate = {
      name: remediation.name,
      // The gate succeeds only on an approver's approval; a rejection or a timeout fails the run at the decision.
      depends: `${decision}.Succeeded`,
      when: `{{=${suggested} == '${remediation.name}'}}`,
    };
    return 'action' in remediation
      ? { ...gate, action: remediation.action, arguments: remediation.arguments }
      : { ...gate, composite: remediation.composite };
  });
  const actionRemediations = runbook.remediations.filter((remediation) => 'action' in remediation);
  const outcomes = [
    ...(actionRemediations.length > 0 ? ['remediationResult'] : []),
    ...runbook.remediations.flatMap((remediation) => ('outcome' in remediation ? [remediation.outcome] : [])),
  ];
  return defineComposite({
    name: runbook.name,
    title: runbook.title,
    description: runbook.description,
    input: runbook.input,
    tasks: [
      ...diagnoses,
      {
        name: report,
        action: runbookReport,
        depends: runbook.diagnoses.map((diagnosis) => diagnosis.name).join(' && '),
        arguments: {
          title: `${runbook.alert.name}: ${runbook.target}`,
          diagnoses: diagnosesExpression(runbook.diagnoses),
          suggestions: JSON.stringify(runbook.suggestions),
        },
      },
      {
        name: notify,
        action: notifyMessageSend,
        depends: report,
        arguments: (site) => ({
          ...operatorsChannel(site),
          subject: `${runbook.alert.name}: suggested \${remediation}`,
          message:
            '${report}\n\nA remediation waits for a decision: `opsflow approve` or `opsflow reject` (no decision in ' +
            `${runbook.approval.timeout} rejects it). \${workflow.url}`,
          vars: varsExpression({
            remediation: `tasks.${report}.outputs.parameters.remediation`,
            report: `tasks.${report}.outputs.parameters.report`,
          }),
        }),
      },
      {
        name: decision,
        approval: true,
        depends: notify,
        when: `{{=${suggested} != 'none'}}`,
        timeout: runbook.approval.timeout,
      },
      ...remediations,
    ],
    outputs: {
      remediation: { task: report, output: 'remediation' },
      reason: { task: report, output: 'reason' },
      ...(actionRemediations.length > 0
        ? { remediationResult: { task: actionRemediations.map((remediation) => remediation.name), output: 'result' } }
        : {}),
    },
    notice: {
      subject: `${runbook.alert.name} runbook: \${status}`,
      message:
        `${runbook.name} ended \${status}. Suggested remediation: \${remediation} (\${reason}). Remediation run: ` +
        `\${remediated}. A rejection, or no decision in ${runbook.approval.timeout}, fails the run at "${decision}". ` +
        '${workflow.url}',
      vars: {
        remediation: 'workflow.outputs?.parameters?.remediation ?? "none: the report did not run"',
        reason: 'workflow.outputs?.parameters?.reason ?? "no report"',
        remediated: [...outcomes.map((name) => `workflow.outputs?.parameters?.${name}`), '"none"'].join(' ?? '),
      },
    },
    ...(runbook.mutex ? { mutex: runbook.mutex } : {}),
  });
}

/**
 * The report step's `diagnoses`: each diagnosis' phase and every output parameter of its step. A failed or
 * timed-out one may have no outputs, so each is guarded with `?? ""` (argo-workflows v4.1.2
 * util/template/expression_template.go: a `??`-guarded reference is not a missing variable).
 */
function diagnosesExpression(diagnoses: readonly RunbookDiagnosis[]): string {
  const records = diagnoses.map((diagnosis) => {
    const names = [...Object.keys(diagnosis.action.step.outputs ?? {}), 'result'];
    const outputs = names.map(
      (name) => `${JSON.stringify(name)}: tasks.${diagnosis.name}.outputs?.parameters?.${name} ?? ""`,
    );
    return (
      `{"name": ${JSON.stringify(diagnosis.name)}, "title": ${JSON.stringify(diagnosis.title)}, ` +
      `"phase": tasks.${diagnosis.name}.status, "outputs": {${outputs.join(', ')}}}`
    );
  });
  return `{{=toJson([${records.join(', ')}])}}`;
}
