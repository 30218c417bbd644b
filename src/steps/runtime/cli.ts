import { Command, CommanderError, Option } from 'commander';
import type { FieldSchema, StepCatalog, StepManifest } from './catalog.js';
import { ExitCode } from './errors.js';
import { executeStep } from './execute.js';
import { fieldKind } from './input.js';
import type { RuntimeIo } from './io.js';
import { createRedactor } from './redact.js';
import { toEnvName, toKebab } from './rules.js';

/** A step finished with a non-zero exit code that it already reported (log lines and result.json). */
class ReportedExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/**
 * `opsflow-step <system> <step> [--flags]`, `opsflow-step list [--json]`. Parse it with
 * `runStepCli` (which owns the one error handler and the exit code) or, in tests, `parseAsync(argv, { from: 'user' })`.
 */
export function createProgram(catalog: StepCatalog, io: RuntimeIo): Command {
  const program = new Command('opsflow-step')
    .description('Run one opsflow workflow step: opsflow-step <system> <step> [--flags]')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .helpCommand(false);

  program
    .command('list')
    .description('List every step this binary runs')
    .option('--json', 'print each step with its input JSON schema')
    .action((options: { json?: boolean }) => {
      io.stdout(options.json ? `${JSON.stringify(sorted(catalog.manifests), null, 2)}\n` : listText(catalog.manifests));
    });

  const systems = new Map<string, Command>();
  const manifestOf = new Map<Command, StepManifest>();
  for (const manifest of sorted(catalog.manifests)) {
    let system = systems.get(manifest.system);
    if (!system) {
      system = program.command(manifest.system).description(`${manifest.system} steps`);
      // Only the step that runs gets its options and action: start-up stays flat as steps are added.
      system.hook('preSubcommand', (_system, step) => {
        const chosen = manifestOf.get(step);
        if (chosen) defineStepCommand(step, chosen, catalog, io);
      });
      systems.set(manifest.system, system);
    }
    manifestOf.set(system.command(manifest.name).description(manifest.description), manifest);
  }
  return program;
}

/** Parses argv, runs what it names, and calls `io.exit` exactly once with the exit code. */
export async function runStepCli(argv: readonly string[], catalog: StepCatalog, io: RuntimeIo): Promise<void> {
  let code: number;
  try {
    await createProgram(catalog, io).parseAsync(argv, { from: 'user' });
    code = ExitCode.Done;
  } catch (error) {
    code = exitCodeOf(error, io);
  }
  io.exit(code);
}

/** The one error handler: usage errors exit 2 (commander printed them), anything unforeseen exits 1. */
function exitCodeOf(error: unknown, io: RuntimeIo): number {
  if (error instanceof ReportedExit) return error.exitCode;
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Done : ExitCode.InvalidInput;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const line = { time: new Date().toISOString(), level: 'error', event: 'failed', exitCode: 1, error: message };
  io.stderr(`${createRedactor(io.env).redact(JSON.stringify(line))}\n`);
  return 1;
}

/** The options (one per input field, plus --input-file and --dry-run), help and action of one step's command. */
function defineStepCommand(command: Command, manifest: StepManifest, catalog: StepCatalog, io: RuntimeIo): void {
  const { properties, required = [] } = manifest.inputSchema;
  const keyOf = new Map<string, string>();
  for (const [key, field] of Object.entries(properties)) {
    const flag = toKebab(key);
    const kind = fieldKind(field);
    // Booleans take an optional value so both `--wait` and Argo's `--wait={{inputs.parameters.wait}}` work.
    const value = kind === 'boolean' ? '[bool]' : `<${kind}>`;
    const option = new Option(`--${flag} ${value}`, fieldHelp(key, field, required.includes(key)));
    command.addOption(option);
    if (kind === 'boolean') command.addOption(new Option(`--no-${flag}`, `set ${flag} to false`));
    keyOf.set(option.attributeName(), key);
  }
  command.option('--input-file <path>', 'read inputs from a JSON object keyed by field name (flags and env win)');
  // `--dry-run[=true|false]`: templates pass `--dry-run={{inputs.parameters.dryRun}}` to one container template.
  const dryRun = new Option('--dry-run [bool]', 'read the target and report what would change; change nothing')
    .choices(['true', 'false'])
    .preset('true');
  command.addOption(manifest.mutating ? dryRun : dryRun.hideHelp());
  command.addHelpText('after', stepHelpFooter(manifest));

  command.action(async (options: Record<string, string | boolean | undefined>) => {
    const isDryRun = options.dryRun === 'true';
    if (isDryRun && !manifest.mutating) {
      command.error(`error: ${manifest.system}/${manifest.name} changes nothing, so it takes no --dry-run`, {
        exitCode: ExitCode.InvalidInput,
      });
    }
    const flags: Record<string, string | boolean | undefined> = {};
    for (const [attribute, key] of keyOf) flags[key] = options[attribute];
    const code = await executeStep(
      catalog,
      manifest,
      {
        flags,
        env: io.env,
        inputFile: options.inputFile as string | undefined,
        dryRun: isDryRun,
      },
      io,
    );
    if (code !== ExitCode.Done) throw new ReportedExit(code);
  });
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

function stepHelpFooter(manifest: StepManifest): string {
  const outputs = Object.entries(manifest.outputs).map(([name, text]) => `  ${name}  ${text}`);
  // Embedded manifests of an older build may lack `files`.
  const files = Object.entries(manifest.files ?? {}).map(([name, text]) => `  ${name}  ${text}`);
  return [
    '',
    'Inputs: flags > OPSFLOW_* environment > --input-file > defaults.',
    'Outputs (under OPSFLOW_OUTPUT_DIR; unset: /tmp/outputs in a pod, else a new temp directory, logged):',
    ...outputs,
    '  result.json  step, target, outcome, message, details, durationMs, dryRun',
    ...(files.length > 0 ? ['File outputs (under OPSFLOW_OUTPUT_DIR; Argo output artifacts):', ...files] : []),
    'Exit codes: 0 done, 2 invalid input, 3 precondition failed or not found, 75 transient (retried), 1 bug.',
  ].join('\n');
}

function listText(manifests: readonly StepManifest[]): string {
  return sorted(manifests)
    .map(
      (step) =>
        `${`${step.system} ${step.name}`.padEnd(40)} ${step.mutating ? 'mutating ' : 'read-only'}  ${step.description}\n`,
    )
    .join('');
}

function sorted(manifests: readonly StepManifest[]): StepManifest[] {
  return [...manifests].sort((a, b) => ((a.system === b.system ? a.name < b.name : a.system < b.system) ? -1 : 1));
}
