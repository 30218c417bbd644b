import { checkDnsLabel, problem } from '../validation.js';
import { argumentProblems, type IWorkflowTemplate } from '../workflow-template-ref.js';
import { Filter, quoteMeta } from './filters.js';
import { Transform } from './transform.js';

/** Where one parameter of a routed template comes from. */
export type RouteValue =
  /** The alert's label `label`; an alert whose label is missing or does not wholly match `pattern` starts nothing. */
  | { readonly from: 'label'; readonly label: string; readonly pattern: string }
  /** A value fixed in the catalog. */
  | { readonly from: 'constant'; readonly value: string };

/** One alert route, its template resolved. */
export interface RoutedAlert {
  readonly name: string;
  /** The `alertname` label, exactly. */
  readonly alertname: string;
  /** Label name to an RE2 pattern its whole value must match. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly template: IWorkflowTemplate;
  readonly parameters: Readonly<Record<string, RouteValue>>;
}

/**
 * Where the routing transform writes what it derives from an Alertmanager notification (webhook payload v4):
 * `key`, the notification's identity (group key and the sorted `fingerprint@startsAt` of its firing alerts), and
 * `runs`, one `{route, template, key, parameters}` per firing alert and matching route, `key` being the child
 * run's identity (route, group key, fingerprint, startsAt). Both keys are base64 (jq has no hash function; the Sensor
 * and the fan-out hash them with sprig's sha256sum), so no quoting changes them on the way.
 */
export const ROUTING_PATH = 'body.opsflow';
/** The Sensor (and `opsflow.io/automation` label) of the alert routes. */
export const ALERT_ROUTES_AUTOMATION = 'alert-routes';
/** Hex digits of sha256 in the names: 80 bits, no collision in any realistic number of alerts. */
export const RUN_HASH_LENGTH = 20;

/**
 * The dependency transform (jq, run by gojq in the Sensor, pkg/sensors/dependencies/transform.go of Argo Events
 * v1.9.11) that routes every firing alert of a notification. Resolved alerts are skipped (a firing notification
 * carries the group's resolved ones too); a label the routes read must be a string wholly matching its pattern, else
 * the alert starts nothing on that route. Regexes are Go's (gojq `test` uses regexp), anchored here.
 */
export function alertRoutingTransform(routes: readonly RoutedAlert[]): Transform {
  const runs = routes.map(routeExpression).join(', ');
  return Transform.jq(
    [
      'def matches($name; $pattern): (.[$name]? | strings | test($pattern)) // false;',
      '(.body.groupKey // "" | tostring) as $group',
      '| [(.body.alerts // [])[] | select(.status == "firing")] as $firing',
      '| .body.opsflow = {',
      '  key: ($group + " " + ([$firing[] | "\\(.fingerprint)@\\(.startsAt)"] | sort | join(",")) | @base64),',
      `  runs: [$firing[] as $alert | (${runs || 'empty'})]`,
      '}',
    ].join('\n'),
  );
}

function routeExpression(route: RoutedAlert): string {
  const conditions = [
    `matches("alertname"; ${jq(anchor(quoteMeta(route.alertname)))})`,
    ...Object.entries(route.labels ?? {}).map(([name, pattern]) => `matches(${jq(name)}; ${jq(anchor(pattern))})`),
    ...Object.values(route.parameters).flatMap((value) =>
      value.from === 'label' ? [`matches(${jq(value.label)}; ${jq(anchor(value.pattern))})`] : [],
    ),
  ];
  const parameters = Object.entries(route.parameters).map(
    ([name, value]) =>
      `{name: ${jq(name)}, value: ${value.from === 'label' ? `$alert.labels[${jq(value.label)}]` : jq(value.value)}}`,
  );
  const key = `(${jq(`${route.name} `)} + $group + " \\($alert.fingerprint) \\($alert.startsAt)" | @base64)`;
  return (
    `if ($alert.labels | ${conditions.join(' and ')}) then ` +
    `{route: ${jq(route.name)}, template: ${jq(route.template.templateName)}, key: ${key}, parameters: [${parameters.join(', ')}]} ` +
    'else empty end'
  );
}

/** Synth problems of the routes: names, patterns, and each mapping against its template's parameters. */
export function alertRouteProblems(routes: readonly RoutedAlert[], maxTemplateName: number): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  // The admission policy requires every parameter some route sets; another route leaving it out would be refused.
  const setBy = new Map<string, { route: string; names: string }>();
  for (const route of routes) {
    const names = Object.keys(route.parameters).sort().join(', ');
    const first = setBy.get(route.template.templateName);
    if (first && first.names !== names) {
      errors.push(
        problem(
          `alert route ${route.name}: parameters`,
          `must set the same parameters as route ${first.route} of the same template (${first.names})`,
          names,
        ),
      );
    }
    if (!first) setBy.set(route.template.templateName, { route: route.name, names });
  }
  for (const route of routes) {
    const at = `alert route ${route.name}`;
    errors.push(...checkDnsLabel(`${at}: name`, route.name));
    if (seen.has(route.name)) errors.push(problem(`${at}: name`, 'must be unique', route.name));
    seen.add(route.name);
    if (!route.alertname) errors.push(problem(`${at}: alertname`, 'must be set', route.alertname));
    for (const [name, pattern] of Object.entries(route.labels ?? {})) {
      errors.push(...Filter.matches('labels', pattern).problems(`${at}: labels.${name}`));
    }
    const given = new Map<string, string | undefined>();
    for (const [name, value] of Object.entries(route.parameters)) {
      if (value.from === 'label')
        errors.push(...Filter.matches('labels', value.pattern).problems(`${at}: parameters.${name}`));
      given.set(name, value.from === 'constant' ? value.value : undefined);
    }
    errors.push(...argumentProblems(route.template, given, (name) => `${at}: parameters.${name}`));
    if (route.template.templateName.length > maxTemplateName) {
      errors.push(
        problem(
          `${at}: template`,
          `names its runs "<template>-<${RUN_HASH_LENGTH} hex>", too long for a 63-character Workflow name (at most ${maxTemplateName} characters)`,
          route.template.templateName,
        ),
      );
    }
  }
  return errors;
}

/**
 * Per template, what the routes may set each parameter to, as one RE2 pattern (a constant quoted, a label its
 * pattern), for the admission policy: the fan-out's ServiceAccount can start nothing the routes would not.
 */
export function routedParameterPatterns(routes: readonly RoutedAlert[]): Map<string, Map<string, string[]>> {
  const byTemplate = new Map<string, Map<string, string[]>>();
  for (const route of routes) {
    const parameters = byTemplate.get(route.template.templateName) ?? new Map<string, string[]>();
    byTemplate.set(route.template.templateName, parameters);
    for (const [name, value] of Object.entries(route.parameters)) {
      const pattern = value.from === 'label' ? value.pattern : quoteMeta(value.value);
      const patterns = parameters.get(name) ?? [];
      if (!patterns.includes(pattern)) patterns.push(pattern);
      parameters.set(name, patterns);
    }
  }
  return byTemplate;
}

function anchor(pattern: string): string {
  return `^(?:${pattern})$`;
}

/** A jq string literal (JSON's syntax; `\(` never appears in JSON.stringify's output). */
function jq(value: string): string {
  return JSON.stringify(value);
}
