import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { actions } from '../../src/catalog/index.js';
import { allFamilies } from '../../src/steps/bin/families.js';
import type { StepDefinition } from '../../src/steps/runtime/step.js';

const catalogDir = join(import.meta.dirname, '..', '..', 'src', 'catalog');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('the action catalog', () => {
  it.each(actions.map((action) => [action.name, action] as const))(
    '%s runs a registered step with the same input schema, mutating flag, outputs, file outputs and capped files',
    async (_name, action) => {
      const load = allFamilies[action.step.system];
      expect(load).toBeDefined();
      const family = (await load!()) as { steps: readonly StepDefinition[] };
      const step = family.steps.find((candidate) => candidate.name === action.step.name);
      expect(step).toBeDefined();
      expect(step!.input).toBe(action.step.input);
      expect(action.step.mutating).toBe(step!.mutating);
      expect(Object.keys(action.step.outputs ?? {}).sort()).toEqual(Object.keys(step!.outputs ?? {}).sort());
      expect(Object.keys(action.step.files ?? {}).sort()).toEqual(Object.keys(step!.files ?? {}).sort());
      expect([...(action.step.cappedFiles ?? [])].sort()).toEqual([...(step!.cappedFiles ?? [])].sort());
    },
  );

  it('has unique action names that are RFC 1123 labels', () => {
    const names = actions.map((action) => action.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  it('imports only input schemas (and types) from src/steps, never step code', () => {
    const offending = sourceFiles(catalogDir).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']*\/steps\/[^']*)'/gm)]
        .filter(([, typeOnly, path]) => !typeOnly && !path!.endsWith('/inputs.js'))
        .map(([, , path]) => `${relative(catalogDir, file)} imports ${path}`),
    );
    expect(offending).toEqual([]);
  });
});
