import type { StepDefinition, StepSystem } from './step.js';

/** One input field as `z.toJSONSchema(schema, { io: 'input' })` renders it (the parts the runtime reads). */
export interface FieldSchema {
  readonly type?: string | readonly string[];
  readonly anyOf?: readonly FieldSchema[];
  readonly oneOf?: readonly FieldSchema[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly description?: string;
  readonly maxLength?: number;
}

export interface InputSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, FieldSchema>>;
  readonly required?: readonly string[];
  readonly [keyword: string]: unknown;
}

/** What `opsflow-step list --json` prints for a step. */
export interface StepManifest {
  readonly system: StepSystem;
  readonly name: string;
  readonly description: string;
  readonly mutating: boolean;
  /** Output parameters (`ctx.output`), name: description. */
  readonly outputs: Readonly<Record<string, string>>;
  /** File outputs (`ctx.outputPath`, Argo output artifacts), name: description. */
  readonly files: Readonly<Record<string, string>>;
  readonly inputSchema: InputSchema;
}

/**
 * The steps a binary offers. Manifests are plain data so `--help` and `list` never load a step's implementation
 * (zod, API clients); `load` brings in one step's family when it runs.
 */
export interface StepCatalog {
  readonly manifests: readonly StepManifest[];
  load(system: StepSystem, name: string): Promise<StepDefinition>;
}

/** A family module, `src/steps/<system>/index.ts`, loaded on demand. */
export type FamilyLoaders = Partial<Record<StepSystem, () => Promise<{ readonly steps: readonly StepDefinition[] }>>>;

/**
 * Set by scripts/build-bundles.ts (esbuild `define`): the manifests of the bundle's steps, computed at build time, as
 * JSON text (V8 parses a large JSON string faster than the same object literal).
 */
declare const OPSFLOW_STEP_MANIFESTS: string | undefined;

/**
 * The catalog of a binary. In a bundle the manifests were embedded at build time and each family is a separate
 * chunk imported only when one of its steps runs; from source (tsx, tests) the families load and are described now.
 */
export async function familyCatalog(loaders: FamilyLoaders): Promise<StepCatalog> {
  // The test on the defined name itself, which esbuild folds in a bundle: the branch for sources goes, and with it
  // manifest.ts and zod's JSON schema code, which would otherwise share the chunk of zod every step start loads.
  if (typeof OPSFLOW_STEP_MANIFESTS === 'undefined') {
    const { catalogFromSteps } = await import('./manifest.js');
    const families = await Promise.all(Object.values(loaders).map((load) => load()));
    return catalogFromSteps(families.flatMap((family) => family.steps));
  }
  return {
    manifests: JSON.parse(OPSFLOW_STEP_MANIFESTS) as StepManifest[],
    async load(system, name) {
      const family = await loaders[system]?.();
      const step = family?.steps.find((candidate) => candidate.name === name);
      if (!step) throw new Error(`bundle lists step ${system}/${name} but its family does not define it`);
      return step;
    },
  };
}
