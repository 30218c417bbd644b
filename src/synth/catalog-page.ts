import type { Catalog } from '../charts/app.js';
import { type ParameterSpec, parametersFromSchema } from '../constructs/workflows/parameters.js';
import type { KubeObject } from '../validation/kube-object.js';
import { type GeneratedFile, generatedHeader } from './render.js';

export const CATALOG_PAGE = 'docs/catalog.md';

// biome-ignore lint/suspicious/noExplicitAny: reading fields of synthesized objects
type Any = any;

/**
 * docs/catalog.md: every action and composite, every automation and the event flow, read from the objects synth
 * generates (locks, limits, ServiceAccount rules, secrets) and from the catalog (parameter types), so the page says
 * what the YAML does. `npm run synth:check` compares it like the YAML.
 */
export function catalogPage(objects: readonly KubeObject[], catalog: Catalog): GeneratedFile {
  const find = (kind: string, name: string): Any =>
    objects.find((object) => object.kind === kind && object.metadata.name === name);
  const entries = [
    ...catalog.actions.map((action) => ({
      name: action.name,
      kind: 'action',
      parameters: parametersFromSchema(action.step.input),
    })),
    ...(catalog.composites ?? []).map((composite) => ({
      name: composite.name,
      kind: 'composite',
      parameters: parametersFromSchema(composite.input),
    })),
    ...(catalog.runbooks ?? []).map((runbook) => ({
      name: runbook.name,
      kind: `runbook of ${runbook.alert.name}`,
      parameters: parametersFromSchema(runbook.input),
    })),
  ];
  const semaphoreLimits: Record<string, string> = find('ConfigMap', 'opsflow-semaphores')?.data ?? {};
  const lines = [
    generatedHeader(CATALOG_PAGE),
    '',
    '# The opsflow catalog',
    '',
    'Every action people run (`argo submit --from workflowtemplate/<name>`, `opsflow run <name>`), every automation',
    'that runs one on an event, and how events flow, as `npm run synth` generates them for the example site',
    '(`src/catalog/sites/example.ts`). How to add an entry: [adding-an-action.md](adding-an-action.md); the names in',
    'the reference systems: [catalog-names.md](catalog-names.md).',
    '',
    '## Actions',
    '',
    '| action | kind | title | mutates |',
    '| --- | --- | --- | --- |',
    ...entries.map((entry) => {
      const template = find('WorkflowTemplate', entry.name);
      return row([
        `[\`${entry.name}\`](#${entry.name})`,
        entry.kind,
        template.metadata.annotations['workflows.argoproj.io/title'],
        mutates(template) ? 'yes (`dryRun`)' : 'no',
      ]);
    }),
    '',
    ...entries.flatMap((entry) =>
      actionSection(find('WorkflowTemplate', entry.name), entry.kind, entry.parameters, semaphoreLimits, find),
    ),
    '## Automations',
    '',
    '| automation | event | filters | action |',
    '| --- | --- | --- | --- |',
    ...catalog.automations.map((automation) => {
      const sensor = find('Sensor', automation.name);
      const filters = (sensor?.spec.dependencies ?? []).flatMap((dependency: Any) => [
        ...(dependency.filters?.data ?? []).map(
          (filter: Any) => `\`${filter.path}\` ${filter.comparator ?? '~'} \`${filter.value.join('` or `')}\``,
        ),
        ...(dependency.filters?.exprs ?? []).map((expr: Any) => `\`${expr.expr}\``),
      ]);
      return row([
        `\`${automation.name}\``,
        `\`${automation.on.source.name}\` / \`${automation.on.event}\``,
        filters.join('<br>') || 'none',
        `[\`${automation.action.name}\`](#${automation.action.name})`,
      ]);
    }),
    '',
    'Filters on event data: `~` matches the regular expression, other comparators compare as written.',
    '',
    ...alertRoutesSection(catalog),
    '## Event flow',
    '',
    '```mermaid',
    'flowchart LR',
    ...eventFlow(objects),
    ...(catalog.alertRoutes?.routes ?? []).map(
      (route) =>
        `  wt_opsflow_alert_fan_out -- ${route.name} --> ${flowId('wt', route.template)}["WorkflowTemplate ${route.template}"]`,
    ),
    '```',
    '',
  ];
  return { path: CATALOG_PAGE, content: lines.join('\n') };
}

function actionSection(
  template: Any,
  kind: string,
  parameters: readonly ParameterSpec[],
  limits: Record<string, string>,
  find: (kind: string, name: string) => Any,
): string[] {
  const name: string = template.metadata.name;
  const spec = template.spec;
  const description: string = template.metadata.annotations['workflows.argoproj.io/description'];
  const submit = description.split('\n').find((line) => line.startsWith('argo submit '));
  const steps = spec.templates.filter((t: Any) => t.container?.command?.[0] === 'opsflow-step');
  const mutexes = (spec.synchronization?.mutexes ?? []).map((mutex: Any) => `mutex \`${mutex.name}\``);
  const semaphores = steps.flatMap((step: Any) =>
    (step.synchronization?.semaphores ?? []).map(
      (s: Any) =>
        `at most ${limits[s.configMapKeyRef.key]} at once (\`${s.configMapKeyRef.name}/${s.configMapKeyRef.key}\`)`,
    ),
  );
  const account: string = spec.serviceAccountName;
  const rules = [
    ...(find('Role', account)?.rules ?? []).map((rule: Any) => `namespace: ${ruleText(rule)}`),
    ...(find('ClusterRole', account)?.rules ?? []).map((rule: Any) => `cluster: ${ruleText(rule)}`),
  ];
  const annotations = Object.entries(find('ServiceAccount', account)?.metadata.annotations ?? {})
    .filter(([key]) => !key.startsWith('argocd.'))
    .map(([key, value]) => `\`${key}: ${value}\``);
  const secrets = [
    ...new Set<string>(
      steps.flatMap((step: Any) =>
        (step.volumes ?? []).flatMap((volume: Any) => (volume.secret ? [volume.secret.secretName] : [])),
      ),
    ),
  ];
  const runs = steps.map((step: Any) => `\`${step.container.command.join(' ')}\``);
  const exitHandler = spec.onExit ? ` (then the exit handler \`${spec.onExit}\` notifies the outcome)` : '';
  return [
    `### ${name}`,
    '',
    `${template.metadata.annotations['workflows.argoproj.io/title']}.`,
    '',
    `- **Runs** (${kind}): ${kind === 'composite' ? `the DAG ${dagText(spec)}${exitHandler}` : runs.join(', ')}`,
    `- **Mutates:** ${mutates(template) ? 'yes; `-p dryRun=true` shows what it would change' : 'no'}`,
    `- **Locks and limits:** ${[...mutexes, ...semaphores].join('; ') || 'none'}; deadline ${spec.activeDeadlineSeconds} s`,
    `- **ServiceAccount** \`${account}\`: ${rules.join('; ') || 'no rules'}${annotations.length > 0 ? `; ${annotations.join(', ')}` : ''}`,
    `- **Secrets mounted:** ${secrets.map((secret) => `\`${secret}\``).join(', ') || 'none'}`,
    `- **Run:** \`${submit}\``,
    '',
    '| parameter | type | default | choices | description |',
    '| --- | --- | --- | --- | --- |',
    ...[...parameters, ...(mutates(template) ? [dryRunSpec(template)] : [])].map((parameter) =>
      row([
        `\`${parameter.name}\``,
        parameter.type ?? 'any',
        parameter.default === undefined
          ? '(required)'
          : parameter.default === ''
            ? '`""` (unset)'
            : `\`${parameter.default}\``,
        parameter.enum
          ?.filter((value) => value !== '')
          .map((value) => `\`${value}\``)
          .join(', ') ?? '',
        parameter.description ?? '',
      ]),
    ),
    '',
  ];
}

/** Each task with what it waits for: `silence → disable (after silence) → ...`. */
function dagText(spec: Any): string {
  const main = spec.templates.find((t: Any) => t.name === spec.entrypoint);
  return (main.dag?.tasks ?? [])
    .map((task: Any) => {
      const step = spec.templates.find((t: Any) => t.name === task.template);
      const what = step.container ? step.container.command.slice(1).join(' ') : 'approval';
      const conditions = [task.depends && `after \`${task.depends}\``, task.when && `when \`${task.when}\``]
        .filter(Boolean)
        .join(', ');
      return `\`${task.name}\` (${what}${conditions ? `; ${conditions}` : ''})`;
    })
    .join(' → ');
}

function mutates(template: Any): boolean {
  return template.spec.arguments.parameters.some((parameter: Any) => parameter.name === 'dryRun');
}

function dryRunSpec(template: Any): ParameterSpec {
  const dryRun = template.spec.arguments.parameters.find((parameter: Any) => parameter.name === 'dryRun');
  return {
    name: 'dryRun',
    required: false,
    type: 'boolean',
    default: dryRun.value,
    enum: dryRun.enum,
    description: dryRun.description,
  };
}

function ruleText(rule: Any): string {
  return `${rule.verbs.join(', ')} ${rule.resources.join(', ')}${rule.apiGroups?.some(Boolean) ? ` (${rule.apiGroups.join(', ')})` : ''}`;
}

/** EventSources → Sensors → WorkflowTemplates, as the generated Sensors wire them. */
const flowId = (kind: string, name: string) => `${kind}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;

/**
 * The alert routes (Sensor `alert-routes`, fan-out `opsflow-alert-fan-out`): per route the alert it takes and what
 * each parameter of its template gets.
 */
function alertRoutesSection(catalog: Catalog): string[] {
  const routes = catalog.alertRoutes?.routes ?? [];
  if (routes.length === 0) return [];
  return [
    '## Alert routes',
    '',
    'Every firing alert of an Alertmanager notification (Sensor `alert-routes`) that a route matches runs once, in a',
    "Workflow of its own started by the notification's `opsflow-alert-fan-out` Workflow ([automations.md](automations.md)).",
    '',
    '| route | alert | template | parameters |',
    '| --- | --- | --- | --- |',
    ...routes.map((route) =>
      row([
        `\`${route.name}\``,
        [
          `\`alertname\` = \`${route.alertname}\``,
          ...Object.entries(route.labels ?? {}).map(([label, pattern]) => `\`${label}\` ~ \`^(?:${pattern})$\``),
        ].join('<br>'),
        `[\`${route.template}\`](#${route.template})`,
        Object.entries(route.parameters)
          .map(([name, value]) =>
            value.from === 'label'
              ? `\`${name}\` = label \`${value.label}\` ~ \`^(?:${value.pattern})$\``
              : `\`${name}\` = \`${value.value}\``,
          )
          .join('<br>'),
      ]),
    ),
    '',
  ];
}

function eventFlow(objects: readonly KubeObject[]): string[] {
  const id = flowId;
  const lines: string[] = [];
  for (const source of objects.filter((object) => object.kind === 'EventSource')) {
    lines.push(`  ${id('es', source.metadata.name)}[["EventSource ${source.metadata.name}"]]`);
  }
  for (const sensor of objects.filter((object) => object.kind === 'Sensor') as Any[]) {
    lines.push(`  ${id('sensor', sensor.metadata.name)}(["Sensor ${sensor.metadata.name}"])`);
    for (const dependency of sensor.spec.dependencies) {
      lines.push(
        `  ${id('es', dependency.eventSourceName)} -- ${dependency.eventName} --> ${id('sensor', sensor.metadata.name)}`,
      );
    }
    for (const trigger of sensor.spec.triggers) {
      const workflow = trigger.template?.k8s?.source?.resource;
      const target = workflow?.spec?.workflowTemplateRef?.name;
      if (target)
        lines.push(`  ${id('sensor', sensor.metadata.name)} --> ${id('wt', target)}["WorkflowTemplate ${target}"]`);
    }
  }
  return lines;
}

/** A Markdown table row; `|` and line breaks inside a cell are escaped. */
function row(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
}
