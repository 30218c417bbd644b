import type { WorkflowTemplate } from '../clients/argo/index.js';
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

/** What `list` and `describe` show of an action: the WorkflowTemplate as the server has it. */
export interface ActionInfo {
  readonly name: string;
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
}

/** Template parameters the runtime adds to every action, not part of the step's input. */
export const DRY_RUN_PARAMETER = 'dryRun';
export const APPROVAL_TEMPLATE = 'approval';
const TITLE = 'workflows.argoproj.io/title';
const DESCRIPTION = 'workflows.argoproj.io/description';

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
  return {
    name: metadata.name ?? '',
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
  };
}

function jsonType(field: InputSchema['properties'][string]): string {
  if (typeof field.type === 'string') return field.type;
  if (Array.isArray(field.type)) return field.type.join('|');
  if (field.enum) return 'string';
  const branches = field.anyOf ?? field.oneOf;
  return branches ? branches.map(jsonType).join('|') : 'string';
}
