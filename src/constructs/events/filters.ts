import { GJSON_PATH, problem } from '../validation.js';
import type { Comparator, DataFilter } from './types.js';

/** Go's regexp.QuoteMeta: the characters RE2 treats as syntax. */
export function quoteMeta(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** JavaScript-only regex syntax that RE2 (Go) rejects or reads differently. */
const NOT_RE2 = /\(\?[=!]|\(\?<[=!]|\\[1-9]|\\k</;

/**
 * A condition on the event data (`spec.dependencies[].filters.data[]`). Upstream matches string values as
 * unanchored regexes, so `firing` would also match `notfiring`: every string condition built here is anchored
 * (`^(?:...)$`) and literal values are regex-escaped. The constructor is private so no unanchored filter exists.
 */
export class Filter {
  /** The value at `path` is exactly `value`. */
  static equals(path: string, value: string): Filter {
    return Filter.oneOf(path, [value]);
  }

  /** The value at `path` is exactly one of `values`. */
  static oneOf(path: string, values: readonly string[]): Filter {
    return new Filter({ path, type: 'string', value: [anchored(values.map(quoteMeta))] }, values);
  }

  /** The value at `path` is none of `values` (one regex: upstream ORs the values, so `!=` over several always passes). */
  static noneOf(path: string, values: readonly string[]): Filter {
    return new Filter({ path, type: 'string', value: [anchored(values.map(quoteMeta))], comparator: '!=' }, values);
  }

  /** The whole value at `path` matches the RE2 regex `pattern` (anchored for you). */
  static matches(path: string, pattern: string): Filter {
    return new Filter({ path, type: 'string', value: [anchored([pattern])] }, [pattern], pattern);
  }

  /** Compare the number at `path`, e.g. `Filter.number('body.alerts.#', '>', 0)`. */
  static number(path: string, comparator: Comparator, value: number): Filter {
    return new Filter({ path, type: 'number', value: [String(value)], comparator }, [value]);
  }

  /** The boolean at `path` is `value`. */
  static bool(path: string, value: boolean): Filter {
    return new Filter({ path, type: 'bool', value: [String(value)] }, [value]);
  }

  private constructor(
    /** The upstream DataFilter as rendered. */
    readonly spec: DataFilter,
    private readonly given: readonly unknown[],
    private readonly pattern?: string,
  ) {}

  /** Problems with this filter, `field` being where it is rendered. */
  problems(field: string): string[] {
    const errors: string[] = [];
    if (!GJSON_PATH.test(this.spec.path) || this.spec.path.endsWith('.')) {
      errors.push(problem(`${field}.path`, 'must be a gjson path such as "body.status"', this.spec.path));
    }
    if (this.given.length === 0) errors.push(problem(`${field}.value`, 'needs at least one value', []));
    if (this.spec.type === 'number' && !this.given.every((value) => Number.isFinite(value))) {
      errors.push(problem(`${field}.value`, 'must be a finite number', this.given));
    }
    if (this.pattern !== undefined) errors.push(...regexProblems(`${field}.value`, this.pattern));
    return errors;
  }
}

function anchored(alternatives: readonly string[]): string {
  return alternatives.length === 1 && !alternatives[0]!.includes('|')
    ? `^${alternatives[0]}$`
    : `^(?:${alternatives.join('|')})$`;
}

function regexProblems(field: string, pattern: string): string[] {
  if (NOT_RE2.test(pattern)) {
    return [problem(field, 'uses lookaround or backreferences, which Go regexes (RE2) do not support', pattern)];
  }
  try {
    new RegExp(pattern, 'u');
    return [];
  } catch (error) {
    return [problem(field, `is not a valid regex: ${(error as Error).message}`, pattern)];
  }
}
