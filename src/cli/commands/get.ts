import type { Workflow } from '../../clients/argo/index.js';
import { action, newCommand, outputOption, type Zod } from '../command.js';
import { connectionFlags } from '../config.js';
import { connect } from '../connect.js';
import type { CliIo } from '../io.js';
import { formatDuration, outputFormat, printOutput, renderTable } from '../output.js';
import { secondsBetween } from '../progress.js';

const GetOptions = (z: Zod) => connectionFlags(z).extend({ run: z.string().min(1), output: outputFormat(z) });

export const TEMPLATE_LABEL = 'workflows.argoproj.io/workflow-template';
export const CREATOR_LABEL = 'workflows.argoproj.io/creator';
/** Set by the workflow controller on a CronWorkflow's runs. */
const CRON_WORKFLOW_LABEL = 'workflows.argoproj.io/cron-workflow';
export const RUN_COLUMNS = ['NAME', 'ACTION', 'STATUS', 'STARTED', 'DURATION', 'BY'];

export function runRow(workflow: Workflow, now: number): string[] {
  const { metadata, status } = workflow;
  return [
    metadata.name ?? '',
    metadata.labels?.[TEMPLATE_LABEL] ?? workflow.spec.workflowTemplateRef?.name ?? '',
    status?.phase || 'Pending',
    status?.startedAt ?? '',
    status?.startedAt ? formatDuration(secondsBetween(status.startedAt, status.finishedAt, now)) : '',
    metadata.labels?.[CREATOR_LABEL] ?? '',
  ];
}

/** Why the run was started: a person's reason, an automation's event, or its schedule (docs/governance.md "Audit"). */
export async function whyOf({ metadata }: Workflow): Promise<[string, string][]> {
  const { EVENT_ANNOTATION, REASON_ANNOTATION } = await import('../../governance/audit.js');
  const why: [string, string | undefined][] = [
    ['reason', metadata.annotations?.[REASON_ANNOTATION]],
    ['event', metadata.annotations?.[EVENT_ANNOTATION]?.trim()],
    ['schedule', metadata.labels?.[CRON_WORKFLOW_LABEL]],
  ];
  return why.filter((entry): entry is [string, string] => Boolean(entry[1]));
}

/** A run: its phase, parameters, each step node and the outputs the step wrote. */
export function getCommand(io: CliIo) {
  return newCommand('get', 'a run: status, parameters, steps and outputs')
    .argument('<run>', 'the run (Workflow) name')
    .addOption(outputOption())
    .action(
      action(io, GetOptions, ['run'], async (options) => {
        const { argo, namespace } = await connect(options, io);
        const workflow = await argo.call('get', '/api/v1/workflows/{namespace}/{name}', {
          path: { namespace, name: options.run },
        });
        await printOutput(io, options.output, workflow, () => [RUN_COLUMNS, runRow(workflow, io.now())]);
        if (options.output !== 'table') return;
        const parameters = (workflow.spec.arguments?.parameters ?? []).map((p) => [`  ${p.name}`, p.value ?? '']);
        const nodes = Object.values(workflow.status?.nodes ?? {})
          .filter((node) => node.type === 'Pod' || node.type === 'Suspend')
          .sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
        const steps = nodes.map((node) => [
          `  ${node.displayName ?? node.name}`,
          node.phase ?? '',
          formatDuration(secondsBetween(node.startedAt, node.finishedAt, io.now())),
          node.message ?? '',
        ]);
        const outputs = nodes.flatMap((node) =>
          (node.outputs?.parameters ?? [])
            .filter((p) => p.value !== undefined && p.value !== '')
            .map((p) => [`  ${node.displayName}.${p.name}`, p.value ?? '']),
        );
        const why = (await whyOf(workflow)).map(([name, value]) => `${name}: ${value}\n`).join('');
        io.stdout.write(`\n${why}parameters:\n${renderTable(parameters)}`);
        io.stdout.write(`steps:\n${renderTable(steps)}`);
        if (outputs.length > 0) io.stdout.write(`outputs:\n${renderTable(outputs)}`);
        if (workflow.status?.message) io.stdout.write(`message: ${workflow.status.message}\n`);
      }),
    );
}
