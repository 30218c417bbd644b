import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  amqpEventData,
  evaluateSensor,
  eventContext,
  parseWebhookBody,
  webhookEventData,
} from '../constructs/events/evaluate.js';
import { parseGoJson } from '../constructs/events/go-json.js';
import type { SensorSpec } from '../constructs/events/types.js';
import type { ReplayOptions } from './commands/events.js';
import { badInput } from './errors.js';
import type { CliIo } from './io.js';

interface Manifest {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string };
  readonly spec?: Record<string, unknown>;
}

/** `opsflow events replay` (src/cli/commands/events.ts): one JSON line per FILE on stdout. */
export async function replayEvents(io: CliIo, options: ReplayOptions): Promise<void> {
  const [sourceName, eventName] = options.event.split('/') as [string, string];
  const source = (await readManifests(join(options.manifests, 'eventsources'))).find(
    (m) => m.kind === 'EventSource' && m.metadata?.name === sourceName,
  );
  if (!source)
    throw badInput(`<eventsource/event>: no EventSource "${sourceName}" in ${join(options.manifests, 'eventsources')}`);
  const type = ['webhook', 'amqp'].find((t) => (source.spec?.[t] as Record<string, unknown> | undefined)?.[eventName]);
  if (!type) {
    const events = ['webhook', 'amqp'].flatMap((t) => Object.keys((source.spec?.[t] as object | undefined) ?? {}));
    throw badInput(
      `<eventsource/event>: EventSource ${sourceName} has no webhook or AMQP event "${eventName}" (events: ${events.join(', ')})`,
    );
  }
  if (type === 'amqp' && (options.exchange === undefined || options.routingKey === undefined)) {
    throw badInput(
      `--exchange and --routing-key: required for the AMQP source ${sourceName} (got ${options.exchange ?? 'no exchange'}, ${options.routingKey ?? 'no routing key'})`,
    );
  }
  const headers = Object.fromEntries(
    options.header.map((h) => [h.slice(0, h.indexOf(':')).trim(), h.slice(h.indexOf(':') + 1).trim()]),
  );
  const sensors = (await readManifests(join(options.manifests, 'sensors'))).filter((m) => m.kind === 'Sensor');
  const jq = await jqRunner();
  for (const file of options.files) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw badInput(`${file}: cannot read it (${error.code})`);
    });
    let data: unknown;
    try {
      data =
        type === 'webhook'
          ? webhookEventData(parseWebhookBody(text), headers)
          : amqpEventData({ exchange: options.exchange!, routingKey: options.routingKey!, body: text });
    } catch (error) {
      throw badInput(`${file}: the EventSource refuses it: ${(error as Error).message}`);
    }
    const triggers = sensors.flatMap((sensor) =>
      evaluateSensor(
        sensor as unknown as { metadata: { name: string }; spec: SensorSpec },
        { eventSourceName: sourceName, eventName, data, context: eventContext(sourceName, eventName, type) },
        { jq },
      ).map((fired) => ({ sensor: sensor.metadata!.name, trigger: fired.trigger, object: fired.resource })),
    );
    io.stdout.write(`${JSON.stringify({ file, triggers })}\n`);
  }
}

async function readManifests(dir: string): Promise<Manifest[]> {
  const { parseAllDocuments } = await import('./yaml.js');
  const names = await readdir(dir).catch(() => {
    throw badInput(`--manifests: no ${dir} (run in the repository, or pass --manifests DIR)`);
  });
  const texts = await Promise.all(names.filter((n) => n.endsWith('.yaml')).map((n) => readFile(join(dir, n), 'utf8')));
  return texts.flatMap((text) => parseAllDocuments(text).map((doc) => doc.toJS() as Manifest));
}

/** A Sensor's jq transform through the `jq` binary (gojq's semantics for the expressions opsflow emits). */
async function jqRunner(): Promise<(expression: string, input: unknown) => unknown> {
  const { execFileSync } = await import('node:child_process');
  return (expression, input) => {
    try {
      return parseGoJson(execFileSync('jq', ['-c', expression], { input: JSON.stringify(input) }).toString());
    } catch (error) {
      throw new Error(`jq transform ${expression} failed (is jq installed?): ${(error as Error).message}`);
    }
  };
}
