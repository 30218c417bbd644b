import type { z } from 'zod';
import type { InputObject } from '../steps/runtime/step.js';
import type { Action } from './action.js';
import type { SiteConfig } from './site.js';

/**
 * One step of a composite: the step of a catalog action, with its inputs wired from the composite's parameters and
 * the outputs of earlier tasks. Values are Argo templates: `{{workflow.parameters.host}}`,
 * `{{tasks.servers.outputs.parameters.projectIds}}`, or an expression `{{=toJson(...)}}`.
 */
export interface CompositeStepTask {
  /** DAG task name, also its template's name: a camelCase word, so expressions can name it (`tasks.<name>`). */
  readonly name: string;
  /** The catalog action whose step runs here: its input schema, outputs, limit (`maxParallel`) and timeout. */
  readonly action: Action;
  /**
   * The step's inputs; an optional input left out gets "" (unset), a required one left out is a synth error. A
   * function when a value comes from the site (the operators' channel: `operatorsChannel`).
   */
  readonly arguments: Readonly<Record<string, string>> | ((site: SiteConfig) => Readonly<Record<string, string>>);
  /** Argo `depends`: `a && b`, `drain.Failed`... A plain name means Succeeded, Skipped or Daemoned. @default - runs first */
  readonly depends?: string;
  /** Argo `when`: the task is Skipped when it is false. */
  readonly when?: string;
  /**
   * Argo `continueOn`: the run goes on past this task's failure (`failed`) or error, and a plain `depends` on it
   * then also holds when it failed (argo-workflows v4.1.2 workflow/common/ancestry.go `expandDependency`).
   */
  readonly continueOn?: { readonly failed?: boolean; readonly error?: boolean };
  /**
   * The task's own bound: its two attempts (one retry of exit 75), each pod's `activeDeadlineSeconds` (Argo fails
   * it past that) and the backoff between them add up to at most this, so nothing waits longer on it.
   * @default - the step's timeout per attempt, with its retries
   */
  readonly deadlineSeconds?: number;
}

/** A pause a person ends with `opsflow approve` / `argo resume` (or `opsflow reject`, which fails the run). */
export interface CompositeApprovalTask {
  readonly name: string;
  readonly approval: true;
  readonly depends?: string;
  readonly when?: string;
  /**
   * Give up after this long (`suspend.duration`, e.g. "30m"): the controller resumes the suspend node by itself
   * (argo-workflows v4.1.2 workflow/controller/operator.go `executeSuspend`) and the approval gate's check, finding
   * no person's Resume, fails the run as rejected (src/charts/approval-gate.ts). @default - wait for a person
   */
  readonly timeout?: string;
}

/**
 * Another composite's DAG run as one task (a nested DAG template): its tasks run inside it, its exit notice does not
 * (the outer composite reports). Its tasks read `{{workflow.parameters.*}}`, so the outer composite has every
 * parameter of the inner one, and takes the inner one's lock (`mutex`) itself.
 */
export interface CompositeNestedTask {
  readonly name: string;
  readonly composite: CompositeAction;
  readonly depends?: string;
  readonly when?: string;
}

export type CompositeTask = CompositeStepTask | CompositeApprovalTask | CompositeNestedTask;

/** The exit handler's message to the operators' channel (`site.notify.operators`), sent whatever the outcome. */
export interface CompositeNotice {
  /** notify templates (`${name}`, docs/steps-notify.md); `${status}` is the Workflow's status, `${workflow.url}` its link. */
  readonly subject: string;
  readonly message: string;
  /**
   * Placeholder values, each an Argo expression (`workflow.parameters.host`); a composite output is
   * `workflow.outputs.parameters.<name>`, absent when its task did not run, so guard it with `?? "..."`.
   */
  readonly vars: Readonly<Record<string, string>>;
}

/**
 * A runbook as one WorkflowTemplate: a DAG of catalog steps (each the existing `opsflow-step`; logic stays in the
 * steps), an exit handler that notifies the outcome, and outputs people read in `argo get` / the UI.
 */
export interface CompositeAction<Schema extends InputObject = InputObject> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** The composite's own parameters (descriptions, defaults, enums), like an action's step input. */
  readonly input: Schema;
  readonly tasks: readonly CompositeTask[];
  /**
   * Workflow outputs: a step output of one task (or of whichever of several tasks runs), published as
   * `workflow.outputs.parameters.<name>` (globalName).
   */
  readonly outputs?: Readonly<Record<string, { readonly task: string | readonly string[]; readonly output: string }>>;
  readonly notice: CompositeNotice;
  /** One run per target, shared with the single actions of the same prefix (`Action.mutex`). */
  readonly mutex?: { readonly prefix: string; readonly by: readonly (keyof z.core.input<Schema> & string)[] };
}

export function isApproval(task: CompositeTask): task is CompositeApprovalTask {
  return 'approval' in task;
}

export function isNested(task: CompositeTask): task is CompositeNestedTask {
  return 'composite' in task;
}

export function isStep(task: CompositeTask): task is CompositeStepTask {
  return 'action' in task;
}

/** The composite, or one it runs as a task, waits for an approval. */
export function hasApproval(composite: CompositeAction): boolean {
  return composite.tasks.some((task) => isApproval(task) || (isNested(task) && hasApproval(task.composite)));
}

/** Identity helper that keeps the schema's type attached to the composite. */
export function defineComposite<Schema extends InputObject>(
  composite: CompositeAction<Schema>,
): CompositeAction<Schema> {
  return composite;
}

/** `via` and `to` of the site's operators' channel (`site.notify.operators`), as notify arguments. */
export function operatorsChannel(site: SiteConfig): { via: string; to: string } {
  const operators = site.notify?.operators;
  if (!operators) throw new Error('site.notify.operators is not set: composite actions report to the operators there');
  return { via: operators.via, to: JSON.stringify(operators.to) };
}

/** notify's `vars` JSON built by an Argo expression, so free text (a reason, a report) is quoted by `toJson`. */
export function varsExpression(vars: Readonly<Record<string, string>>): string {
  const entries = Object.entries(vars).map(([name, expression]) => `${JSON.stringify(name)}: ${expression}`);
  return `{{=toJson({${entries.join(', ')}})}}`;
}
