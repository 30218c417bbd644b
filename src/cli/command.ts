import { Command, InvalidArgumentError, Option } from 'commander';
import type * as zod from 'zod';
import { handleError } from './handle-error.js';
import type { CliIo } from './io.js';

/** zod's `z`, handed to schema factories: zod loads when a command runs, not for `--help` (bench/cli.bench.ts). */
export type Zod = typeof zod.z;
/** A command's options schema, built from `z` on first use. */
export type SchemaFactory = (z: Zod) => zod.ZodType;
/** What a schema factory's schema parses to. */
export type Options<F extends SchemaFactory> = zod.output<ReturnType<F>>;

/**
 * A command's action: `schema.parse({...args, ...opts})` first (shadcn style; a bad option is exit 2 naming it),
 * then `run`; whatever it throws goes to the one error handler.
 */
export function action<F extends SchemaFactory>(
  io: CliIo,
  schema: F,
  argNames: readonly string[],
  run: (options: Options<F>) => Promise<void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const positional = Object.fromEntries(argNames.map((name, i) => [name, args[i]]));
    try {
      const { z } = await import('zod');
      await run(schema(z).parse({ ...positional, ...command.optsWithGlobals() }) as Options<F>);
    } catch (error) {
      await handleError(error, io);
    }
  };
}

export function outputOption(): Option {
  return new Option('-o, --output <format>', 'output format').choices(['table', 'json', 'yaml']).default('table');
}

/** `--param k=v` (repeatable) into a record; a value may contain `=`. */
export function collectPair(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at < 1) throw new InvalidArgumentError(`expected name=value, got "${value}"`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

export function newCommand(name: string, description: string): Command {
  return new Command(name).description(description);
}
