import { Command, InvalidArgumentError, Option } from 'commander';
import type { z } from 'zod';
import { handleError } from './handle-error.js';
import type { CliIo } from './io.js';

/**
 * A command's action: `schema.parse({...args, ...opts})` first (shadcn style; a bad option is exit 2 naming it),
 * then `run`; whatever it throws goes to the one error handler.
 */
export function action<S extends z.ZodType>(
  io: CliIo,
  schema: S,
  argNames: readonly string[],
  run: (options: z.output<S>) => Promise<void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const positional = Object.fromEntries(argNames.map((name, i) => [name, args[i]]));
    try {
      await run(schema.parse({ ...positional, ...command.optsWithGlobals() }));
    } catch (error) {
      handleError(error, io);
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
