import { action, newCommand, type Options, type Zod } from '../command.js';
import type { CliIo } from '../io.js';

export const ReplayOptions = (z: Zod) =>
  z.object({
    event: z
      .string()
      .regex(/^[a-z0-9-]+\/[A-Za-z0-9_.-]+$/, 'expected <eventsource>/<event>, e.g. alertmanager/alerts'),
    files: z.array(z.string()).min(1),
    header: z.array(z.string().regex(/^[^:]+:/, "expected 'Name: value'")).default([]),
    exchange: z.string().optional(),
    routingKey: z.string().optional(),
    manifests: z.string(),
  });

/**
 * `events replay <eventsource>/<event> FILE...`: what the generated Sensors would do with payloads exactly as a
 * system sends them, with no cluster and no server (src/constructs/events/evaluate.ts, docs/events.md). Prints one
 * JSON line per FILE: `{"file", "triggers": [{"sensor", "trigger", "object"}]}`.
 */
export function eventsCommand(io: CliIo) {
  const replay = newCommand('replay', 'replay payloads through the generated Sensors; print what each would create')
    .argument('<eventsource/event>', 'the event, e.g. alertmanager/alerts')
    .argument('<file...>', 'payloads: HTTP bodies for a webhook source, message bodies for an AMQP source')
    .option('-H, --header <header>', "webhook: an HTTP header 'Name: value' (repeatable)", (v, all: string[] = []) => [
      ...all,
      v,
    ])
    .option('--exchange <exchange>', 'AMQP: the exchange the message was published to')
    .option('--routing-key <key>', 'AMQP: its routing key')
    .option('--manifests <dir>', 'the repository holding eventsources/ and sensors/', '.')
    .action(
      action(io, ReplayOptions, ['event', 'files'], async (options) => {
        // The evaluator (re2js, the Go JSON rules) loads only here, not when the CLI starts (bench/cli.bench.ts).
        const { replayEvents } = await import('../event-replay.js');
        await replayEvents(io, options);
      }),
    );
  return newCommand('events', 'events: replay payloads through the Sensors').addCommand(replay);
}

export type ReplayOptions = Options<typeof ReplayOptions>;
