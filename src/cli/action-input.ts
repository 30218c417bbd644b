import { z } from 'zod';
import type { WorkflowTemplate } from '../clients/argo/index.js';
import type { InputSchema, StepManifest } from '../steps/runtime/catalog.js';
import { readStepInput } from '../steps/runtime/input.js';
import { DRY_RUN_PARAMETER } from './action-info.js';

export interface ActionInput {
  /** `system/step` in messages, as the step itself names it. */
  readonly manifest: Pick<StepManifest, 'system' | 'name' | 'inputSchema'>;
  readonly schema: z.ZodObject;
}

/**
 * The input schema of an action as this CLI's catalog declares it: the step's own zod schema, the one the
 * WorkflowTemplate's parameters were generated from and the step validates with at run time. Undefined for an
 * action the catalog does not know (a newer server): then `templateInput` builds one from the template.
 */
export async function catalogInput(name: string): Promise<ActionInput | undefined> {
  const { actions } = await import('../catalog/actions/index.js');
  const action = actions.find((candidate) => candidate.name === name);
  return action && inputOf(action.step.system, action.step.name, action.step.input);
}

/** A schema from the template's parameters: enum when it has one, required when it has no default. */
export function templateInput(template: WorkflowTemplate): ActionInput {
  // The action's step is the one `main` calls `run` (a run-guard may come first); its container runs
  // `opsflow-step <system> <step>` (src/charts/workflowtemplates.ts, src/constructs/workflows/step-template.ts).
  const templates = template.spec.templates ?? [];
  const main = templates.find((t) => t.name === template.spec.entrypoint);
  const run = main?.steps?.flat().find((step) => step.name === 'run')?.template;
  const command = templates.find((t) => t.name === run && t.container?.command?.[0] === 'opsflow-step')?.container
    ?.command;
  const system = (command?.[1] ?? 'kubernetes') as StepManifest['system'];
  return inputOf(system, command?.[2] ?? template.metadata.name ?? '', schemaFromParameters(template));
}

function inputOf(system: StepManifest['system'], name: string, schema: z.ZodObject): ActionInput {
  return { manifest: { system, name, inputSchema: z.toJSONSchema(schema, { io: 'input' }) as InputSchema }, schema };
}

function schemaFromParameters(template: WorkflowTemplate): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const p of template.spec.arguments?.parameters ?? []) {
    if (p.name === DRY_RUN_PARAMETER) continue;
    const base = p.enum && p.enum.length > 0 ? z.enum(p.enum as [string, ...string[]]) : z.string();
    shape[p.name] = p.default !== undefined || p.value !== undefined ? base.optional() : base;
  }
  return z.strictObject(shape);
}

/**
 * Refuses bad parameters with the step's own message (src/steps/runtime/input.ts: field, problem, value and where it
 * came from), before anything is sent. Returns the parameters as given: Argo passes strings to the step.
 */
export async function checkParameters(input: ActionInput, params: Readonly<Record<string, string>>): Promise<void> {
  await readStepInput(input.manifest as StepManifest, input.schema, {
    flags: params,
    env: {},
    flagOrigin: (key) => `--param ${key}`,
    howToSet: (key) => `set --param ${key}=...`,
  });
}
