import { DRY_RUN_PARAMETER } from '../action-info.js';
import { action, collectPair, newCommand, outputOption, type Zod } from '../command.js';
import { connectionFlags } from '../config.js';
import { connect } from '../connect.js';
import { badInput, CliError, CliExit } from '../errors.js';
import type { CliIo } from '../io.js';
import { printLogs } from '../logs.js';
import { outputFormat, printOutput } from '../output.js';
import { waitForRun } from '../progress.js';
import { RUN_COLUMNS, runRow } from './get.js';

const RunOptions = (z: Zod) =>
  connectionFlags(z).extend({
    action: z.string().min(1),
    param: z.record(z.string(), z.string()).default({}),
    dryRun: z.boolean().default(false),
    wait: z.boolean().default(false),
    follow: z.boolean().default(false),
    reason: z.string().optional(),
    output: outputFormat(z),
  });

/**
 * Argo Server splits `submitOptions.annotations` at `,` and each pair at `=` (argo-workflows v4.1.2
 * workflow/util/util.go `ApplySubmitOpts` → util/cmd/cmd.go `ParseLabels`), so the reason may hold neither.
 */
function reasonAnnotation(key: string, reason: string): string {
  if (reason.trim() === '' || /[,=]/.test(reason)) {
    throw badInput(`--reason ${JSON.stringify(reason)}: must be a non-empty text without "," or "="`);
  }
  return `${key}=${reason}`;
}

/**
 * Validates the parameters with the action's own zod schema (the step's message, before any request when the
 * catalog knows the action), submits from the WorkflowTemplate (POST /api/v1/workflows/{ns}/submit), and with
 * --wait follows it to the end: exit 0 when it succeeded, 1 when it failed. --follow also streams the step logs.
 */
export function runCommand(io: CliIo) {
  return newCommand('run', 'run an action: validate, submit, and optionally wait and follow its logs')
    .argument('<action>', 'the action (WorkflowTemplate) name')
    .option('-p, --param <name=value>', 'a parameter (repeatable)', collectPair)
    .option('--dry-run', 'the step reports what it would change, and changes nothing')
    .option('--reason <text>', 'why you run it, kept on the run (annotation opsflow.io/reason); default: the command')
    .option('-w, --wait', 'show progress until the run ends; exit 1 if it failed')
    .option('-f, --follow', 'stream the step logs until the run ends (implies --wait)')
    .addOption(outputOption())
    .action(
      action(io, RunOptions, ['action'], async (options) => {
        const { REASON_ANNOTATION } = await import('../../governance/audit.js');
        const annotations = reasonAnnotation(REASON_ANNOTATION, options.reason ?? `opsflow run ${options.action}`);
        const { catalogInput, checkParameters, templateInput } = await import('../action-input.js');
        const known = await catalogInput(options.action);
        if (known) await checkParameters(known, options.param);
        const { argo, namespace } = await connect(options, io);
        const template = await argo.call('get', '/api/v1/workflow-templates/{namespace}/{name}', {
          path: { namespace, name: options.action },
        });
        if (!known) await checkParameters(templateInput(template), options.param);
        const parameters = Object.entries(options.param).map(([key, value]) => `${key}=${value}`);
        if (options.dryRun) {
          if (!template.spec.arguments?.parameters?.some((p) => p.name === DRY_RUN_PARAMETER)) {
            throw badInput(`--dry-run: action ${options.action} changes nothing, it has no dry run`);
          }
          parameters.push(`${DRY_RUN_PARAMETER}=true`);
        }
        // The admission policy requires a role's Workflows to name the role; the run-limit guard reads it.
        const { roleOfServiceAccount, ROLE_LABEL } = await import('../../governance/role.js');
        const user = await argo.call('get', '/api/v1/userinfo');
        const role = roleOfServiceAccount(user.serviceAccountName);
        const submitted = await argo.call('post', '/api/v1/workflows/{namespace}/submit', {
          path: { namespace },
          body: {
            namespace,
            resourceKind: 'WorkflowTemplate',
            resourceName: options.action,
            submitOptions: { parameters, annotations, ...(role ? { labels: `${ROLE_LABEL}=${role}` } : {}) },
          },
        });
        const name = submitted.metadata.name ?? '';
        if (!options.wait && !options.follow) {
          await printOutput(io, options.output, submitted, () => [RUN_COLUMNS, runRow(submitted, io.now())]);
          return;
        }
        io.stderr.write(`submitted ${name}\n`);
        const [finished] = await Promise.all([
          waitForRun(argo, namespace, name, io),
          options.follow ? printLogs(argo, namespace, name, true, io) : undefined,
        ]);
        await printOutput(io, options.output, finished, () => [RUN_COLUMNS, runRow(finished, io.now())]);
        if (finished.status?.phase !== 'Succeeded') {
          throw new CliError(
            `run ${name} ${finished.status?.phase}${finished.status?.message ? `: ${finished.status.message}` : ''}`,
            CliExit.RunFailed,
          );
        }
      }),
    );
}
