import * as z from 'zod';
import type { StepCatalog, StepManifest } from './catalog.js';
import { checkStepDefinition } from './rules.js';
import type { StepDefinition } from './step.js';

/** The serialisable description of a step: what `list --json`, `--help` and the input parser work from. */
export function describeStep(step: StepDefinition): StepManifest {
  checkStepDefinition(step);
  let inputSchema: StepManifest['inputSchema'];
  try {
    inputSchema = z.toJSONSchema(step.input, { io: 'input' }) as StepManifest['inputSchema'];
  } catch (error) {
    throw new Error(`step ${step.system}/${step.name}: input schema has no JSON schema form: ${String(error)}`);
  }
  return {
    system: step.system,
    name: step.name,
    description: step.description,
    mutating: step.mutating,
    outputs: step.outputs ?? {},
    files: step.files ?? {},
    inputSchema,
  };
}

/** A catalog over loaded step definitions (development, tests, and the build that embeds the manifests). */
export function catalogFromSteps(steps: readonly StepDefinition[]): StepCatalog {
  const byId = new Map<string, StepDefinition>();
  for (const step of steps) {
    const id = `${step.system}/${step.name}`;
    if (byId.has(id)) throw new Error(`step ${id} is defined twice`);
    byId.set(id, step);
  }
  return {
    manifests: steps.map(describeStep),
    async load(system, name) {
      const step = byId.get(`${system}/${name}`);
      if (!step) throw new Error(`no step ${system}/${name}`);
      return step;
    },
  };
}
