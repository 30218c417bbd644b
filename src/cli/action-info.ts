import type { WorkflowTemplate } from '../clients/argo/index.js';
import { INTERNAL_LABEL } from '../governance/access.js';
import type { InputSchema } from '../steps/runtime/catalog.js';

export interface ActionParameter {
  readonly name: string;
  /** From the action's zod schema when this CLI knows the action, else `string` (Argo parameters are strings). */
  readonly type: string;
  readonly required: boolean;
  readonly default?: string;
  readonly enum?: readonly string[];
  readonly description?: string;
}

/** One node of a run: a step of `main`, or a task of a composite's DAG. */
export interface ActionStep {
  readonly name: string;
  /** `system/step` of the `opsflow-step` container it runs, `approval` for the approval pause, else its template. */
  readonly runs: string;
  /** The composite task's `depends` (Argo's expression over earlier tasks); a step of `main` follows the one before. */
  readonly after?: string;
}

/**
 * `action`: a single-step action (`main` runs its steps one after the other: src/charts/workflowtemplates.ts);
 * `composite`: a runbook whose `main` is a DAG of catalog steps (src/charts/composite-template.ts).
 */
export type ActionKind = 'action' | 'composite';

/** What `list` and `describe` show of an action or composite: the WorkflowTemplate as the server has it. */
export interface ActionInfo {
  readonly name: string;
  readonly kind: ActionKind;
  readonly title: string;
  readonly description: string;
  readonly parameters: readonly ActionParameter[];
  /** The template has a `dryRun` parameter: its step changes its target (src/charts/workflowtemplates.ts). */
  readonly mutates: boolean;
  /** Runs may wait for a person's approval (the `approval` suspend template): each run, or a role's (docs/governance.md). */
  readonly approval: boolean;
  /** Mutex names; runs with the same resolved name never overlap. */
  readonly locks: readonly string[];
  /** Semaphores (ConfigMap name/key) that cap the runs of the action at once. */
  readonly limits: readonly string[];
  readonly deadlineSeconds?: number;
  readonly steps: readonly ActionStep[];
}

/** Template parameters the runtime adds to every action, not part of the step's input. */
export const DRY_RUN_PARAMETER = 'dryRun';
export const APPROVAL_TEMPLATE = 'approval';
/** The step images' entry point: `opsflow-step <system> <step>` (src/constructs/workflows/step-template.ts). */
export const STEP_COMMAND = 'opsflow-step';
const TITLE = 'workflows.argoproj.io/title';
const DESCRIPTION = 'workflows.argoproj.io/description';

/** The templates people run: not the internal ones Sensors create (INTERNAL_LABEL), which `list` and `me` leave out. */
export function actionTemplates(templates: readonly WorkflowTemplate[] | undefined): WorkflowTemplate[] {
  return (templates ?? []).filter((template) => template.metadata.labels?.[INTERNAL_LABEL] === undefined);
}

export function actionInfo(template: WorkflowTemplate, input?: InputSchema): ActionInfo {
  const { metadata, spec } = template;
  const sync = spec.synchronization ?? {};
  const parameters = (spec.arguments?.parameters ?? [])
    .filter((p) => p.name !== DRY_RUN_PARAMETER)
    .map((p): ActionParameter => {
      const field = input?.properties[p.name];
      const type = field ? jsonType(field) : 'string';
      return {
        name: p.name,
        type,
        required: p.default === undefined && p.value === undefined,
        ...(p.default !== undefined ? { default: p.default } : {}),
        ...(p.enum ? { enum: p.enum } : {}),
        ...(p.description ? { description: p.description } : {}),
      };
    });
  const blocks = [sync, ...(spec.templates ?? []).map((t) => t.synchronization ?? {})];
  const main = spec.templates?.find((t) => t.name === spec.entrypoint);
  return {
    name: metadata.name ?? '',
    kind: main?.dag ? 'composite' : 'action',
    title: metadata.annotations?.[TITLE] ?? '',
    description: metadata.annotations?.[DESCRIPTION] ?? '',
    parameters,
    mutates: (spec.arguments?.parameters ?? []).some((p) => p.name === DRY_RUN_PARAMETER),
    approval: (spec.templates ?? []).some((t) => t.name === APPROVAL_TEMPLATE && t.suspend !== undefined),
    // The Workflow holds its target's mutex; a template (the step) holds the action's semaphore (docs/generator.md).
    locks: blocks.flatMap((block) => block.mutexes ?? []).map((m) => m.name ?? ''),
    limits: blocks
      .flatMap((block) => block.semaphores ?? [])
      .map((s) => `${s.configMapKeyRef?.name}/${s.configMapKeyRef?.key}`),
    ...(spec.activeDeadlineSeconds !== undefined ? { deadlineSeconds: Number(spec.activeDeadlineSeconds) } : {}),
    steps: stepsOf(template),
  };
}

function stepsOf(template: WorkflowTemplate): ActionStep[] {
  const templates = template.spec.templates ?? [];
  const main = templates.find((t) => t.name === template.spec.entrypoint);
  const runs = (name: string | undefined): string => {
    const called = templates.find((t) => t.name === name);
    const command = called?.container?.command;
    if (command?.[0] === STEP_COMMAND) return `${command[1]}/${command[2]}`;
    return called?.suspend ? APPROVAL_TEMPLATE : (name ?? '');
  };
  if (main?.dag) {
    return (main.dag.tasks ?? []).map((task) => ({
      name: task.name,
      runs: runs(task.template),
      ...(task.depends ? { after: task.depends } : {}),
    }));
  }
  return (main?.steps ?? []).flat().map((step) => ({ name: step.name ?? '', runs: runs(step.template) }));
}

function jsonType(field: InputSchema['properties'][string]): string {
  if (typeof field.type === 'string') return field.type;
  if (Array.isArray(field.type)) return field.type.join('|');
  if (field.enum) return 'string';
  const branches = field.anyOf ?? field.oneOf;
  return branches ? branches.map(jsonType).join('|') : 'string';
}
