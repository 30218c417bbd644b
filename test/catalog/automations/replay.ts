import { execFileSync } from 'node:child_process';
import {
  evaluateSensor,
  executeTrigger,
  type FiredTrigger,
  type IncomingEvent,
  type TriggerOutcome,
  type v1alpha1,
} from '../../../src/constructs/events/index.js';
import { buildEventsApp } from '../../charts/events-app.js';
import { type Manifest, synth } from '../../constructs/events/helpers.js';

/** gojq, the jq implementation Argo Events embeds (Debian package `gojq`), as the transform runner. */
export function gojq(expression: string, input: unknown): unknown {
  return JSON.parse(execFileSync('gojq', ['-c', expression], { input: JSON.stringify(input) }).toString());
}

type SensorObject = { metadata: { name: string }; spec: v1alpha1.SensorSpec };

/** The generated Sensors of the bundled site (what `npm run synth` writes to sensors/). */
export function catalogSensors(objects: Manifest[] = synth(buildEventsApp())): SensorObject[] {
  return objects.filter((object) => object.kind === 'Sensor') as SensorObject[];
}

/** One Workflow a replayed event starts: the Sensor, its name (or generateName) and its arguments by name. */
export interface Started {
  readonly sensor: string;
  readonly fired: FiredTrigger;
  readonly name: string;
  readonly arguments: Record<string, string>;
}

/** Every Workflow the catalog's Sensors start for one event. */
export function replay(sensors: readonly SensorObject[], event: IncomingEvent): Started[] {
  return sensors.flatMap((sensor) =>
    evaluateSensor(sensor, event, { jq: gojq }).map((fired) => {
      const metadata = fired.resource.metadata as { name?: string; generateName?: string };
      const spec = fired.resource.spec as { arguments: { parameters: { name: string; value: string }[] } };
      return {
        sensor: sensor.metadata.name,
        fired,
        name: metadata.name ?? `${metadata.generateName}*`,
        arguments: Object.fromEntries(spec.arguments.parameters.map(({ name, value }) => [name, value])),
      };
    }),
  );
}

/** Replays `events` in order against one namespace's Workflows, as the k8s trigger would create them. */
export function deliver(sensors: readonly SensorObject[], events: readonly IncomingEvent[]) {
  const workflows = new Map<string, Record<string, unknown>>();
  const outcomes: (TriggerOutcome & { sensor: string })[] = [];
  for (const event of events) {
    for (const started of replay(sensors, event)) {
      outcomes.push({ sensor: started.sensor, ...executeTrigger(started.fired, workflows) });
    }
  }
  return { workflows, outcomes };
}
