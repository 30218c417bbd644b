import { parseArgs } from 'node:util';

/**
 * One option of an `opsflow-step` command: how argv gives it and how `--help` shows it. The grammar is commander's
 * (the `opsflow` CLI's parser, node_modules/commander/lib/command.js `parseOptions`), read with `node:util`
 * `parseArgs`, which Node has built in: loading commander cost a step start more than a tenth of `node -e 0`.
 */
export interface CliOption {
  /** The long name: `namespace` for `--namespace`. */
  readonly name: string;
  /** Where the value lands in ParsedArgs.values; `--wait` and `--no-wait` share `wait`, the last one given wins. */
  readonly key: string;
  /**
   * `required`: `--name <value>` or `--name=<value>`, the next argument whatever it is; `optional`: `--name`,
   * `--name=<value>`, or `--name <value>` when the next argument does not look like an option (a negative number
   * does not); `none`: a switch, `--name` alone.
   */
  readonly value: 'required' | 'optional' | 'none';
  /** A switch that sets its key to false: `--no-wait`. */
  readonly negates?: boolean;
  /** The values a given value may take. */
  readonly choices?: readonly string[];
  /** Parsed, but neither in `--help` nor among the suggestions for a mistyped option. */
  readonly hidden?: boolean;
  /** What `--help` shows: `--namespace <string>`, and the description beside it. */
  readonly term: string;
  readonly description: string;
}

/** A command line that does not parse: exit 2, printed as `error: <message>`. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  /** By key: the value given, true for a switch or an optional value left out, false for a negation. */
  readonly values: ReadonlyMap<string, string | boolean>;
  /** Arguments that are no option nor an option's value, and all after `--`. */
  readonly operands: readonly string[];
  /** Options the command does not know, as given (`--replica=2`, `-xy`). */
  readonly unknown: readonly string[];
  /** `-h` or `--help` was given, not as an option's value. */
  readonly help: boolean;
}

/** What commander takes for an option rather than a value: `-` followed by anything. */
export function looksLikeOption(arg: string): boolean {
  return arg.length > 1 && arg.startsWith('-');
}

export function isHelpFlag(arg: string): boolean {
  return arg === '-h' || arg === '--help';
}

const NEGATIVE_NUMBER = /^-\d*\.?\d+(e[+-]?\d+)?$/;

/**
 * Reads `args` against a command's options. A missing or refused value throws a UsageError at once, as commander
 * does while it parses (before it looks at `--help`); unknown options and operands are returned, for the caller to
 * refuse after `--help`.
 */
export function parseCommandArgs(args: readonly string[], options: readonly CliOption[]): ParsedArgs {
  const byName = new Map(options.map((option) => [option.name, option]));
  const { tokens } = parseArgs({
    args: [...args],
    options: Object.fromEntries(
      options.map((option) => [option.name, { type: option.value === 'required' ? 'string' : 'boolean' }] as const),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, string | boolean>();
  const operands: string[] = [];
  const unknown: string[] = [];
  let help = false;
  // The argument whose tokens are already read: an optional value taken from the next argument, or a group of short
  // options (`-xy` is one token per letter), reported as one unknown option.
  let done = -1;
  for (const token of tokens) {
    if (token.index === done || token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      operands.push(token.value);
      continue;
    }
    const given = args[token.index] ?? '';
    const option = byName.get(token.name);
    if (isHelpFlag(given)) {
      help = true;
    } else if (!option || !token.rawName.startsWith('--') || (token.inlineValue === true && option.value === 'none')) {
      // A negative number is an operand in a command without subcommands, as in commander.
      (NEGATIVE_NUMBER.test(given) ? operands : unknown).push(given);
      done = token.index;
    } else {
      values.set(
        option.key,
        optionValue(option, token.value, args[token.index + 1], () => (done = token.index + 1)),
      );
    }
  }
  return { values, operands, unknown, help };
}

/**
 * The value one occurrence of `option` gives. `read` is what parseArgs read with it: `--x=v`, and for a required value
 * also the next argument; `takeNext` marks the next argument as read.
 */
function optionValue(
  option: CliOption,
  read: string | undefined,
  next: string | undefined,
  takeNext: () => void,
): string | boolean {
  if (option.negates) return false;
  let value: string | boolean = read ?? true;
  if (option.value === 'required' && read === undefined) {
    throw new UsageError(`option '${option.term}' argument missing`);
  }
  if (
    option.value === 'optional' &&
    read === undefined &&
    next !== undefined &&
    (!looksLikeOption(next) || NEGATIVE_NUMBER.test(next))
  ) {
    value = next;
    takeNext();
  }
  if (option.choices && typeof value === 'string' && !option.choices.includes(value)) {
    throw new UsageError(
      `option '${option.term}' argument '${value}' is invalid. Allowed choices are ${option.choices.join(', ')}.`,
    );
  }
  return value;
}
