import type { StepDefinition } from './step.js';

/** Field and flag names that look like credentials: those come from mounted files or the environment, never inputs. */
const CREDENTIAL_NAME = /password|passwd|passphrase|token|secret|credential|api[-_]?key|private[-_]?key/i;

/** Names the runtime itself uses: its flags on every step command, and OPSFLOW_OUTPUT_DIR. */
const RESERVED_FIELDS = new Set(['dryRun', 'inputFile', 'help', 'outputDir']);

const KEBAB_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CAMEL_KEY = /^[a-z][a-zA-Z0-9]*$/;

export function looksLikeCredential(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/**
 * Programming errors in a step definition, thrown when the step is defined (so a test or the build catches them,
 * not a workflow run): a kebab-case name, camelCase input keys that map onto flags and `OPSFLOW_*` variables, no
 * input that looks like a credential, no clash with the runtime's own flags, no name both an output parameter and a
 * file output.
 */
export function checkStepDefinition(step: StepDefinition): void {
  const id = `${step.system}/${step.name}`;
  if (!KEBAB_NAME.test(step.name)) {
    throw new Error(`step ${id}: name must be kebab-case (got ${JSON.stringify(step.name)})`);
  }
  for (const name of Object.keys(step.files ?? {})) {
    if (Object.hasOwn(step.outputs ?? {}, name)) {
      throw new Error(`step ${id}: "${name}" is declared both as an output parameter and as a file output`);
    }
  }
  for (const name of step.cappedFiles ?? []) {
    if (!Object.hasOwn(step.files ?? {}, name)) {
      throw new Error(`step ${id}: capped file "${name}" is not declared in files`);
    }
  }
  for (const key of Object.keys(step.input._zod.def.shape)) {
    if (!CAMEL_KEY.test(key)) {
      throw new Error(`step ${id}: input field ${JSON.stringify(key)} must be camelCase (it becomes --${key} flags)`);
    }
    if (looksLikeCredential(key)) {
      throw new Error(
        `step ${id}: input field "${key}" looks like a credential; credentials come from mounted files or the ` +
          'environment (ctx.secret), never from flags or parameters',
      );
    }
    if (/^no[A-Z]/.test(key)) {
      // `--no-x` is how a boolean flag is switched off, so a field cannot be named that way.
      throw new Error(
        `step ${id}: input field "${key}" must be named positively (--${toKebab(key)} reads as a negation)`,
      );
    }
    if (RESERVED_FIELDS.has(key)) {
      throw new Error(`step ${id}: input field "${key}" is the runtime's own (--${toKebab(key)}, ${toEnvName(key)})`);
    }
  }
}

/** `timeoutSeconds` -> `timeout-seconds`. */
export function toKebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** `timeoutSeconds` -> `OPSFLOW_TIMEOUT_SECONDS`. */
export function toEnvName(key: string): string {
  return `OPSFLOW_${toKebab(key).replaceAll('-', '_').toUpperCase()}`;
}
