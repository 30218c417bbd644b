import { createHash } from 'node:crypto';
import { executeTrigger, type IncomingEvent, type TriggerOutcome } from '../../../src/constructs/events/index.js';
import { buildEventsApp } from '../../charts/events-app.js';
import { find, type Manifest, synth } from '../../constructs/events/helpers.js';
import { catalogSensors, replay } from './replay.js';

type Template = {
  name: string;
  steps?: {
    name: string;
    template: string;
    withParam?: string;
    arguments: { parameters: { name: string; value: string }[] };
  }[][];
  resource?: { action: string; manifest: string };
};
type WorkflowTemplate = { spec: { templates: Template[] } };
export type Workflow = {
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: { workflowTemplateRef: { name: string }; arguments: { parameters: { name: string; value: string }[] } };
};

/**
 * What Argo Workflows v4.1.2 does with one fan-out Workflow, read from the generated template: `main`'s one step
 * over `withParam` (each map item's fields substituted: strings as they are, lists as their JSON, operator.go
 * `processItem`), then the resource template's manifest with its input parameters, `{{workflow.namespace}}` and the
 * one expression it uses, `sprig.trunc(n, sprig.sha256sum(inputs.parameters.key))`. Anything else is refused.
 */
export function expandFanOut(
  template: WorkflowTemplate,
  workflow: Record<string, unknown>,
): { action: string; manifest: Workflow }[] {
  const templates = new Map(template.spec.templates.map((t) => [t.name, t]));
  const [[step]] = templates.get('main')!.steps! as [[NonNullable<Template['steps']>[0][0]]];
  const metadata = workflow.metadata as { namespace: string };
  const args = (workflow.spec as Workflow['spec']).arguments.parameters;
  const global = (name: string) => args.find((p) => p.name === name)!.value;
  if (step.withParam !== '{{workflow.parameters.runs}}') throw new Error(`withParam ${step.withParam} not evaluated`);
  const items = JSON.parse(global('runs')) as Record<string, unknown>[];
  const resource = templates.get(step.template)!.resource!;
  return items.map((item) => {
    const inputs = Object.fromEntries(
      step.arguments.parameters.map(({ name, value }) => [
        name,
        value.replace(/\{\{item\.(\w+)\}\}/g, (_, key: string) => {
          const field = item[key];
          return typeof field === 'string' ? field : JSON.stringify(field);
        }),
      ]),
    );
    const manifest = resource.manifest.replace(/\{\{(=?)([^}]*)\}\}/g, (whole, expression: string, body: string) => {
      const hash = /^sprig\.trunc\((\d+), sprig\.sha256sum\(inputs\.parameters\.(\w+)\)\)$/.exec(body);
      if (expression && hash) {
        return createHash('sha256').update(inputs[hash[2]!]!).digest('hex').slice(0, Number(hash[1]));
      }
      const decoded = /^toJson\(sprig\.b64dec\(inputs\.parameters\.(\w+)\)\)$/.exec(body);
      if (expression && decoded) return JSON.stringify(Buffer.from(inputs[decoded[1]!]!, 'base64').toString());
      const input = /^inputs\.parameters\.(\w+)$/.exec(body);
      if (!expression && input && input[1]! in inputs) return inputs[input[1]!]!;
      if (!expression && body === 'workflow.namespace') return metadata.namespace;
      throw new Error(`${whole} is not evaluated here`);
    });
    return { action: resource.action, manifest: JSON.parse(manifest) as Workflow };
  });
}

/**
 * The resource template's `kubectl apply` (workflow/executor/resource.go): a new name is created, an existing one is
 * applied with the same manifest and left as it is; `create` would fail on the existing name.
 */
function apply(
  action: string,
  manifest: Workflow,
  workflows: Map<string, Record<string, unknown>>,
): 'created' | 'unchanged' | 'AlreadyExists' {
  if (!workflows.has(manifest.metadata.name)) {
    workflows.set(manifest.metadata.name, manifest);
    return 'created';
  }
  if (action === 'apply') return 'unchanged';
  return 'AlreadyExists';
}

let example: Manifest[] | undefined;
/** The example site's objects, synthesized once per test file. */
function exampleObjects(): Manifest[] {
  example ??= synth(buildEventsApp());
  return example;
}

/** One namespace's Workflows after Alertmanager's notifications, in order, through the Sensors and the fan-out. */
export function deliverAlerts(events: readonly IncomingEvent[], objects: Manifest[] = exampleObjects()) {
  const sensors = catalogSensors(objects);
  const fanOut = find(objects, 'WorkflowTemplate', 'opsflow-alert-fan-out') as unknown as WorkflowTemplate;
  const workflows = new Map<string, Record<string, unknown>>();
  const notifications: TriggerOutcome[] = [];
  const runs: { name: string; outcome: string }[] = [];
  for (const event of events) {
    for (const started of replay(sensors, event)) {
      const outcome = executeTrigger(started.fired, workflows);
      notifications.push(outcome);
      // A fan-out Workflow runs once, when it is created; a patched one (re-sent notification) ran already.
      if (outcome.outcome !== 'created' || started.sensor !== 'alert-routes') continue;
      for (const { action, manifest } of expandFanOut(fanOut, workflows.get(outcome.name)!)) {
        runs.push({ name: manifest.metadata.name, outcome: apply(action, manifest, workflows) });
      }
    }
  }
  const children = [...workflows.values()].filter(
    (workflow) => (workflow as Workflow).metadata.labels?.['opsflow.io/alert-route'] !== undefined,
  ) as Workflow[];
  return { workflows, notifications, runs, children };
}

/** A child run as people read it: its template and its arguments by name. */
export const summary = (workflow: Workflow) => ({
  template: workflow.spec.workflowTemplateRef.name,
  route: workflow.metadata.labels['opsflow.io/alert-route'],
  arguments: Object.fromEntries(workflow.spec.arguments.parameters.map(({ name, value }) => [name, value])),
});
