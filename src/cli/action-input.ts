import { z } from 'zod';
import type { WorkflowTemplate } from '../clients/argo/index.js';
import type { InputSchema, StepManifest } from '../steps/runtime/catalog.js';
import { readStepInput } from '../steps/runtime/input.js';
import type { InputObject } from '../steps/runtime/step.js';
import { actionInfo, DRY_RUN_PARAMETER } from './action-info.js';

/** What messages call a composite's input: `invalid input for composite/<name>`. */
const COMPOSITE = 'composite';

export interface ActionInput {
  /** `system/step` in messages, as the step itself names it; `composite/<name>` for a composite. */
  readonly manifest: Pick<StepManifest, 'name' | 'inputSchema'> & { readonly system: string };
  readonly schema: InputObject;
}

/**
 * The input schema of an action or composite as this CLI's catalog declares it: the step's (or the composite's) own
 * zod schema, the one the WorkflowTemplate's parameters were generated from and the step validates with at run time.
 * Undefined for one the catalog does not know (a newer server): then `templateInput` builds one from the template.
 */
export async function catalogInput(name: string): Promise<ActionInput | undefined> {
  const [{ actions }, { composites }] = await Promise.all([
    import('../catalog/actions/index.js'),
    import('../catalog/composites/index.js'),
  ]);
  const action = actions.find((candidate) => candidate.name === name);
  if (action) return inputOf(action.step.system, action.step.name, action.step.input);
  const composite = composites.find((candidate) => candidate.name === name);
  return composite && inputOf(COMPOSITE, composite.name, composite.input);
}

/** A schema from the template's parameters: enum when it has one, required when it has no default. */
export function templateInput(template: WorkflowTemplate): ActionInput {
  const schema = schemaFromParameters(template);
  const name = template.metadata.name ?? '';
  const info = actionInfo(template);
  if (info.kind === 'composite') return inputOf(COMPOSITE, name, schema);
  // The action's step is the one `main` calls `run` (a run-guard may come first; src/charts/workflowtemplates.ts).
  const [system, step] = info.steps.find((candidate) => candidate.name === 'run')?.runs.split('/') ?? [];
  return inputOf(step ? system! : 'kubernetes', step ?? name, schema);
}

function inputOf(system: string, name: string, schema: InputObject): ActionInput {
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
