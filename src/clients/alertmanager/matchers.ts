// Label matchers, without the HTTP client: step definitions name their targets with them at a step's start.

/** A label matcher as Alertmanager's API v2 spells it (api/v2/openapi.yaml, `matcher`). */
export interface Matcher {
  readonly name: string;
  readonly value: string;
  readonly isRegex: boolean;
  /** false: `!=` / `!~`. */
  readonly isEqual: boolean;
}

/**
 * A matcher in Alertmanager's text form, `name="value"` with `=`, `!=`, `=~` or `!~`, the value quoted with `\"`,
 * `\\` and `\n` escaped (upstream pkg/labels/parse.go ParseMatcher, v0.25.0): what the `filter` query takes.
 */
export function matcherText(matcher: Matcher): string {
  const operator = `${matcher.isEqual ? '=' : '!'}${matcher.isRegex ? '~' : matcher.isEqual ? '' : '='}`;
  const value = matcher.value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
  return `${matcher.name}${operator}"${value}"`;
}
