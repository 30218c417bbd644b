import { checkDnsLabel } from '../validation.js';
import type { ParameterSpec } from './parameters.js';

/**
 * Joins the parts of a target mutex name. No part but the last can contain it (checked at synth from the parameters'
 * schemas: DNS labels, Kubernetes object names and enums have no "_"), so splitting a key at its first separators
 * gives back the parts, the last one whole, and two different targets never share a lock: with "-", `prod`+`shop-web`
 * and `prod-shop`+`web` did. The last part may hold anything (an Ironic node or a Nova host name with "_").
 * The controller uses the substituted name as is: the lock key is `<namespace>/Mutex/<name>`, decoded by splitting
 * off the first two "/" only (Argo Workflows v4.1.2 workflow/sync/lock_name.go `getMutexLockName`, `DecodeLockName`),
 * and the name is not validated further (workflow/validate has no rule for it), so "_" is kept verbatim.
 */
export const TARGET_MUTEX_SEPARATOR = '_';

/**
 * The mutex name of "one run per target": the prefix, then the value of each parameter, e.g.
 * `workload_{{workflow.parameters.cluster}}_{{workflow.parameters.namespace}}_...`. The controller substitutes the
 * global parameters in the Workflow-level `synchronization` before it takes the lock (workflow/controller/operator.go
 * `substituteGlobalVariables`, v4.1.2).
 */
export function targetMutexName(prefix: string, parameters: readonly string[]): string {
  return [prefix, ...parameters.map((name) => `{{workflow.parameters.${name}}}`)].join(TARGET_MUTEX_SEPARATOR);
}

/** Why a target mutex could give two targets one lock: a prefix or a parameter whose values may hold the separator. */
export function targetMutexErrors(
  prefix: string,
  parameters: readonly string[],
  specs: readonly ParameterSpec[],
): string[] {
  const field = 'synchronization.mutexes (target mutex)';
  const errors = checkDnsLabel(`${field} prefix`, prefix);
  if (parameters.length === 0) errors.push(`${field}: names no parameter, so every run would share one lock`);
  for (const [i, name] of parameters.entries()) {
    const spec = specs.find((candidate) => candidate.name === name);
    if (!spec) {
      errors.push(`${field}: "${name}" is not a parameter (parameters: ${specs.map((s) => s.name).join(', ')})`);
    } else if (i < parameters.length - 1 && !cannotContain(spec, TARGET_MUTEX_SEPARATOR)) {
      errors.push(
        `${field}: the values of parameter "${name}" may contain "${TARGET_MUTEX_SEPARATOR}", which separates the ` +
          'parts of the key, so two targets could share one lock: give its schema field an enum or an anchored ' +
          `pattern without "${TARGET_MUTEX_SEPARATOR}", or make it the last part (got pattern ${JSON.stringify(spec.pattern)})`,
      );
    }
  }
  return errors;
}

/** True when no value the parameter accepts can hold `character`: from its enum, type or pattern. */
function cannotContain(spec: ParameterSpec, character: string): boolean {
  if (spec.enum) return spec.enum.every((value) => !value.includes(character));
  if (spec.type === 'integer' || spec.type === 'number' || spec.type === 'boolean') return !/[\d.eE+-]/.test(character);
  const alphabet = spec.pattern === undefined ? undefined : patternAlphabet(spec.pattern);
  return alphabet !== undefined && !alphabet.has(character);
}

/**
 * Every character an anchored regex (`^...$`) can match, for the simple patterns of names: literals, classes with
 * ranges, groups, alternation and quantifiers. Undefined when that cannot be told (unanchored, `.`, a negated class,
 * `\w` and other shorthand classes): the caller then refuses, never guesses.
 */
export function patternAlphabet(pattern: string): Set<string> | undefined {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return undefined;
  const body = pattern.slice(1, -1);
  const alphabet = new Set<string>();
  const add = (from: string, to = from) => {
    for (let code = from.charCodeAt(0); code <= to.charCodeAt(0); code++) alphabet.add(String.fromCharCode(code));
  };
  const escaped = (next: string | undefined): boolean => {
    if (next === 'd') add('0', '9');
    else if (next !== undefined && /[.\-\\/^$()[\]{}|?*+]/.test(next)) add(next);
    else return false;
    return true;
  };
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char === '(') depth++;
    else if (char === ')') depth--;
    // `^a|b$` anchors each alternative at one end only.
    else if (char === '|' && depth === 0) return undefined;
    if (char === '\\') {
      if (!escaped(body[++i])) return undefined;
    } else if (char === '[') {
      if (body[i + 1] === '^') return undefined;
      const end = body.indexOf(']', i + 2);
      if (end < 0) return undefined;
      const members = body.slice(i + 1, end);
      for (let j = 0; j < members.length; j++) {
        if (members[j] === '\\') {
          if (!escaped(members[++j])) return undefined;
        } else if (members[j + 1] === '-' && j + 2 < members.length) {
          add(members[j]!, members[j + 2]!);
          j += 2;
        } else add(members[j]!);
      }
      i = end;
    } else if (char === '{') {
      const end = body.indexOf('}', i);
      if (end < 0 || !/^\{\d+(,\d*)?\}$/.test(body.slice(i, end + 1))) return undefined;
      i = end;
    } else if (char === '(' && body.startsWith('?:', i + 1)) {
      i += 2;
    } else if (char === '.' || char === '^' || char === '$') {
      return undefined;
    } else if (!'()|?*+'.includes(char)) {
      add(char);
    }
  }
  return alphabet;
}
