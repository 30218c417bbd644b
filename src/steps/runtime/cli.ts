import { type CliOption, isHelpFlag, looksLikeOption, type ParsedArgs, parseCommandArgs, UsageError } from './argv.js';
import type { FieldSchema, StepCatalog, StepManifest } from './catalog.js';
import { didYouMean } from './did-you-mean.js';
import { ExitCode } from './errors.js';
import { executeStep } from './execute.js';
import { formatHelp, type HelpItem, type HelpPage } from './help-text.js';
import { fieldKind } from './input.js';
import type { RuntimeIo } from './io.js';
import { createRedactor } from './redact.js';
import { toEnvName, toKebab } from './rules.js';

/**
 * `opsflow-step <system> <step> [--flags]`, `opsflow-step list [--json]`, `opsflow-step [<system>] --help`. Parses
 * argv, runs what it names, and calls `io.exit` exactly once with the exit code: usage errors exit 2, anything
 * unforeseen exits 1.
 */
export async function runStepCli(argv: readonly string[], catalog: StepCatalog, io: RuntimeIo): Promise<void> {
  let code: number;
  try {
    code = await runCommand(argv, catalog, io);
  } catch (error) {
    code = exitCodeOf(error, io);
  }
  io.exit(code);
}

/** The one error handler. */
function exitCodeOf(error: unknown, io: RuntimeIo): number {
  if (error instanceof UsageError) {
    io.stderr(`error: ${error.message}\n`);
    return ExitCode.InvalidInput;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const line = { time: new Date().toISOString(), level: 'error', event: 'failed', exitCode: 1, error: message };
  io.stderr(`${createRedactor(io.env).redact(JSON.stringify(line))}\n`);
  return 1;
}

const PROGRAM = 'opsflow-step';
const HELP: HelpItem = { term: '-h, --help', description: 'display help for command' };
const LIST_JSON: CliOption = {
  name: 'json',
  key: 'json',
  value: 'none',
  term: '--json',
  description: 'print each step with its input JSON schema',
};

/**
 * The command is named by the arguments before the first option (all of them after a leading `--`); the options
 * belong to the command named (commander's dispatch, node_modules/commander/lib/command.js `_parseCommand`).
 */
async function runCommand(argv: readonly string[], catalog: StepCatalog, io: RuntimeIo): Promise<number> {
  const firstOption = argv.findIndex(looksLikeOption);
  const [words, rest] =
    firstOption === -1
      ? [argv, []]
      : argv[firstOption] === '--'
        ? [argv.toSpliced(firstOption, 1), []]
        : [argv.slice(0, firstOption), argv.slice(firstOption)];
  const manifests = sorted(catalog.manifests);
  const systems = [...new Set(manifests.map((manifest) => manifest.system))];
  const [command, stepName, ...operands] = words;

  if (command === 'list') {
    const parsed = parseCommandArgs(rest, [LIST_JSON]);
    if (parsed.help) return printHelp(io, listHelp());
    refuseUnparsed('list', parsed, words.slice(1), [LIST_JSON]);
    io.stdout(parsed.values.get('json') ? `${JSON.stringify(manifests, null, 2)}\n` : listText(manifests));
    return ExitCode.Done;
  }
  const system = systems.find((name) => name === command);
  if (system === undefined) {
    return noCommand(io, programHelp(systems), command, rest, ['list', ...systems]);
  }
  const steps = manifests.filter((manifest) => manifest.system === system);
  const help = systemHelp(system, steps);
  const commands = [...steps.map(({ name }) => name), 'help'];
  if (stepName === 'help') {
    // `<system> help [step]`: the help of the system or of the step.
    const [name] = operands;
    const step = steps.find((candidate) => candidate.name === name);
    if (name === undefined) return printHelp(io, help);
    return step ? printHelp(io, stepHelp(step, stepOptions(step))) : noCommand(io, help, name, [], commands);
  }
  const step = steps.find((candidate) => candidate.name === stepName);
  return step ? runStep(step, operands, rest, catalog, io) : noCommand(io, help, stepName, rest, commands);
}

/**
 * A command with subcommands given none it knows: its help when asked for (before any error, as commander does),
 * else the unknown command or option, else (nothing given) the help on stderr, exit 2.
 */
function noCommand(
  io: RuntimeIo,
  help: HelpPage,
  word: string | undefined,
  options: readonly string[],
  commands: readonly string[],
): number {
  if (options.some(isHelpFlag)) return printHelp(io, help);
  if (word !== undefined) throw new UsageError(`unknown command '${word}'${didYouMean(word, commands)}`);
  const [option] = options;
  if (option !== undefined) throw new UsageError(`unknown option '${option}'${didYouMean(option, ['--help'])}`);
  io.stderr(formatHelp(help));
  return ExitCode.InvalidInput;
}

/** Unknown options, then operands (no command takes any), in commander's words. */
function refuseUnparsed(
  command: string,
  parsed: ParsedArgs,
  operands: readonly string[],
  options: readonly CliOption[],
): void {
  const [unknown] = parsed.unknown;
  if (unknown !== undefined) {
    const candidates = [...options.filter((option) => !option.hidden).map((option) => `--${option.name}`), '--help'];
    throw new UsageError(`unknown option '${unknown}'${didYouMean(unknown, candidates)}`);
  }
  const extra = operands.length + parsed.operands.length;
  if (extra > 0) {
    throw new UsageError(`too many arguments for '${command}'. Expected 0 arguments but got ${extra}.`);
  }
}

function printHelp(io: RuntimeIo, page: HelpPage): number {
  io.stdout(formatHelp(page));
  return ExitCode.Done;
}

async function runStep(
  manifest: StepManifest,
  operands: readonly string[],
  args: readonly string[],
  catalog: StepCatalog,
  io: RuntimeIo,
): Promise<number> {
  const options = stepOptions(manifest);
  const parsed = parseCommandArgs(args, options);
  if (parsed.help) return printHelp(io, stepHelp(manifest, options));
  refuseUnparsed(manifest.name, parsed, operands, options);
  const dryRun = parsed.values.get('dryRun');
  const isDryRun = dryRun === true || dryRun === 'true';
  if (isDryRun && !manifest.mutating) {
    throw new UsageError(`${manifest.system}/${manifest.name} changes nothing, so it takes no --dry-run`);
  }
  const flags: Record<string, string | boolean | undefined> = {};
  for (const key of Object.keys(manifest.inputSchema.properties)) flags[key] = parsed.values.get(key);
  const inputFile = parsed.values.get('inputFile');
  return executeStep(
    catalog,
    manifest,
    { flags, env: io.env, inputFile: typeof inputFile === 'string' ? inputFile : undefined, dryRun: isDryRun },
    io,
  );
}

/** One option per input field (the key is the field's: input.ts reads them by it), plus --input-file and --dry-run. */
function stepOptions(manifest: StepManifest): CliOption[] {
  const { properties, required = [] } = manifest.inputSchema;
  const options: CliOption[] = [];
  for (const [key, field] of Object.entries(properties)) {
    const name = toKebab(key);
    const kind = fieldKind(field);
    const description = fieldHelp(key, field, required.includes(key));
    if (kind === 'boolean') {
      // An optional value, so both `--wait` and Argo's `--wait={{inputs.parameters.wait}}` work.
      options.push(
        { name, key, value: 'optional', term: `--${name} [bool]`, description },
        {
          name: `no-${name}`,
          key,
          value: 'none',
          negates: true,
          term: `--no-${name}`,
          description: `set ${name} to false`,
        },
      );
    } else {
      options.push({ name, key, value: 'required', term: `--${name} <${kind}>`, description });
    }
  }
  options.push(
    {
      name: 'input-file',
      key: 'inputFile',
      value: 'required',
      term: '--input-file <path>',
      description: 'read inputs from a JSON object keyed by field name (flags and env win)',
    },
    // `--dry-run[=true|false]`: templates pass `--dry-run={{inputs.parameters.dryRun}}` to one container template.
    {
      name: 'dry-run',
      key: 'dryRun',
      value: 'optional',
      choices: ['true', 'false'],
      hidden: !manifest.mutating,
      term: '--dry-run [bool]',
      description:
        'read the target and report what would change; change nothing (choices: "true", "false", preset: "true")',
    },
  );
  return options;
}

function fieldHelp(key: string, field: FieldSchema, required: boolean): string {
  const parts = [field.description ?? ''];
  if (field.enum) parts.push(`(one of: ${field.enum.map((value) => String(value)).join(', ')})`);
  if (field.maxLength !== undefined) parts.push(`(at most ${field.maxLength} characters)`);
  if (required) parts.push('(required)');
  if (field.default !== undefined) parts.push(`(default: ${JSON.stringify(field.default)})`);
  parts.push(`[env ${toEnvName(key)}]`);
  return parts.filter(Boolean).join(' ');
}

function programHelp(systems: readonly string[]): HelpPage {
  return {
    usage: `${PROGRAM} [options] [command]`,
    description: `Run one opsflow workflow step: ${PROGRAM} <system> <step> [--flags]`,
    options: [HELP],
    commands: [
      { term: 'list [options]', description: 'List every step this binary runs' },
      ...systems.map((system) => ({ term: system, description: `${system} steps` })),
    ],
  };
}

function listHelp(): HelpPage {
  return {
    usage: `${PROGRAM} list [options]`,
    description: 'List every step this binary runs',
    options: [LIST_JSON, HELP],
  };
}

function systemHelp(system: string, steps: readonly StepManifest[]): HelpPage {
  return {
    usage: `${PROGRAM} ${system} [options] [command]`,
    description: `${system} steps`,
    options: [HELP],
    commands: [
      ...steps.map((step) => ({ term: step.name, description: step.description })),
      { term: 'help [command]', description: 'display help for command' },
    ],
  };
}

function stepHelp(manifest: StepManifest, options: readonly CliOption[]): HelpPage {
  const outputs = Object.entries(manifest.outputs).map(([name, text]) => `  ${name}  ${text}`);
  // Embedded manifests of an older build may lack `files`.
  const files = Object.entries(manifest.files ?? {}).map(([name, text]) => `  ${name}  ${text}`);
  return {
    usage: `${PROGRAM} ${manifest.system} ${manifest.name} [options]`,
    description: manifest.description,
    options: [...options.filter((option) => !option.hidden), HELP],
    footer: [
      '',
      'Inputs: flags > OPSFLOW_* environment > --input-file > defaults.',
      'Outputs (under OPSFLOW_OUTPUT_DIR; unset: /tmp/outputs in a pod, else a new temp directory, logged):',
      ...outputs,
      '  result.json  step, target, outcome, message, details, durationMs, dryRun',
      ...(files.length > 0 ? ['File outputs (under OPSFLOW_OUTPUT_DIR; Argo output artifacts):', ...files] : []),
      'Exit codes: 0 done, 2 invalid input, 3 precondition failed or not found, 75 transient (retried), 1 bug.',
    ].join('\n'),
  };
}

function listText(manifests: readonly StepManifest[]): string {
  return manifests
    .map(
      (step) =>
        `${`${step.system} ${step.name}`.padEnd(40)} ${step.mutating ? 'mutating ' : 'read-only'}  ${step.description}\n`,
    )
    .join('');
}

function sorted(manifests: readonly StepManifest[]): StepManifest[] {
  return [...manifests].sort((a, b) => ((a.system === b.system ? a.name < b.name : a.system < b.system) ? -1 : 1));
}
