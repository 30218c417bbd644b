import { readFileSync } from 'node:fs';
import { shorten } from '../../common/shorten.js';
import { valueAt } from '../../common/value-at.js';
import type * as z from '../../common/zod-mini.js';
import type { FieldSchema, StepManifest } from './catalog.js';
import { InvalidInputError } from './errors.js';
import { toEnvName, toKebab } from './rules.js';
import type { InputObject } from './step.js';

/** Where a step's inputs come from; precedence flags > environment > file, then the schema's defaults. */
export interface InputSources {
  /** Flag values by camelCase key: strings, or booleans from `--wait` / `--no-wait`. */
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--input-file`: a JSON object keyed by the schema's camelCase keys. */
  readonly inputFile?: string;
  /** How messages name where a flag value came from. @default `--<kebab-key>` */
  readonly flagOrigin?: (key: string) => string;
  /** How messages tell to set a missing field. @default `set --<kebab-key>, OPSFLOW_<KEY> or "<key>" in --input-file` */
  readonly howToSet?: (key: string) => string;
}

type FieldKind = 'string' | 'number' | 'boolean' | 'json';

/** The deepest an input value (arrays and objects in arrays and objects) may nest. */
export const MAX_INPUT_DEPTH = 64;

/**
 * Gathers a step's input from flags, `OPSFLOW_*` variables and `--input-file`, coerces strings by each field's type
 * and validates with the step's schema. Any problem is an InvalidInputError (exit 2) naming each field, the value and
 * where it came from.
 */
export async function readStepInput<Schema extends InputObject>(
  manifest: StepManifest,
  schema: Schema,
  sources: InputSources,
): Promise<z.core.output<Schema>> {
  const { properties, required = [] } = manifest.inputSchema;
  // Null prototypes: a "__proto__" key from a file is just an unknown field.
  const values: Record<string, unknown> = Object.create(null);
  const origins: Record<string, string> = Object.create(null);
  const set = (key: string, value: unknown, origin: string): void => {
    const field = Object.hasOwn(properties, key) ? properties[key] : undefined;
    // Argo renders an unset optional parameter as "": treat it as not given.
    if (value === '' && field && !required.includes(key)) return;
    const coerced = typeof value === 'string' && field ? coerce(value, fieldKind(field)) : value;
    // Validation and messages recurse into the value: a hostile nesting would overflow the stack (exit 1).
    if (nestingDepth(coerced) > MAX_INPUT_DEPTH) {
      throw new InvalidInputError(
        `invalid input for ${manifest.system}/${manifest.name}:\n  ${key}: nested deeper than ${MAX_INPUT_DEPTH} levels (from ${origin})`,
      );
    }
    values[key] = coerced;
    origins[key] = origin;
  };

  if (sources.inputFile !== undefined) {
    for (const [key, value] of Object.entries(readInputFile(sources.inputFile))) {
      set(key, value, `--input-file ${sources.inputFile}`);
    }
  }
  for (const key of Object.keys(properties)) {
    const value = sources.env[toEnvName(key)];
    if (value !== undefined) set(key, value, toEnvName(key));
  }
  for (const [key, value] of Object.entries(sources.flags)) {
    if (value !== undefined) set(key, value, sources.flagOrigin?.(key) ?? `--${toKebab(key)}`);
  }

  // jitless: a step parses its input once, and zod's compiled fast path for objects (new Function) costs more to
  // compile than that one parse takes.
  const parsed = schema.safeParse(values, { jitless: true });
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => describeIssue([...issue.path, key], 'unknown field', values, origins, sources.howToSet))
      : [describeIssue(issue.path, issue.message, values, origins, sources.howToSet)],
  );
  throw new InvalidInputError(`invalid input for ${manifest.system}/${manifest.name}:\n${lines.join('\n')}`);
}

/** One line in the style of loadSite: `  field: message (got value from origin)`. */
function describeIssue(
  path: readonly PropertyKey[],
  message: string,
  values: Record<string, unknown>,
  origins: Record<string, string>,
  howToSet: (key: string) => string = (key) => `set --${toKebab(key)}, ${toEnvName(key)} or "${key}" in --input-file`,
): string {
  // Odd keys (from a file) are quoted so the field stays recognisable: `"a b": unknown field`.
  const field = path.map((key) => (/^\w+$/.test(String(key)) ? String(key) : JSON.stringify(String(key)))).join('.');
  const top = String(path[0] ?? '');
  if (!Object.hasOwn(values, top)) {
    return `  ${field}: ${message} (missing: ${howToSet(top)})`;
  }
  return `  ${field}: ${message} (got ${show(valueAt(values, path))} from ${origins[top]})`;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return shorten(text, 203, '...');
}

function readInputFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    // Sync: node:fs is loaded with Node itself, node:fs/promises would add milliseconds to every step start.
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`--input-file ${path}: cannot read it (${(error as NodeJS.ErrnoException).code})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`--input-file ${path}: not valid JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidInputError(`--input-file ${path}: must hold a JSON object of inputs (got ${show(parsed)})`);
  }
  return parsed as Record<string, unknown>;
}

/** How a string from a flag or variable becomes the field's value; anything unparsable stays a string for zod. */
export function fieldKind(field: FieldSchema): FieldKind {
  const types = new Set(jsonTypes(field));
  types.delete('null');
  if (types.has('string') || types.size === 0) return 'string';
  if ([...types].every((type) => type === 'number' || type === 'integer')) return 'number';
  if (types.size === 1 && types.has('boolean')) return 'boolean';
  return 'json';
}

function jsonTypes(field: FieldSchema): string[] {
  if (field.type !== undefined) return typeof field.type === 'string' ? [field.type] : [...field.type];
  const branches = field.anyOf ?? field.oneOf;
  if (branches) return branches.flatMap(jsonTypes);
  const constants = field.enum ?? (field.const !== undefined ? [field.const] : []);
  return constants.map((value) => (value === null ? 'null' : typeof value));
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

function coerce(raw: string, kind: FieldKind): unknown {
  switch (kind) {
    case 'string':
      return raw;
    case 'number':
      return NUMBER.test(raw.trim()) ? Number(raw) : raw;
    case 'boolean': {
      const lower = raw.trim().toLowerCase();
      return lower === 'true' ? true : lower === 'false' ? false : raw;
    }
    case 'json':
      try {
        return JSON.parse(raw);
      } catch {
        return raw;
      }
  }
}

/** How deep arrays and objects nest in a JSON value (a scalar is 0), without recursion; stops past the limit. */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_INPUT_DEPTH) return deepest;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return deepest;
}
