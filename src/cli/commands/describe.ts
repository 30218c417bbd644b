import { accessOf, mayDo, terms } from '../access.js';
import { actionInfo } from '../action-info.js';
import { action, newCommand, outputOption, type Zod } from '../command.js';
import { connectionFlags } from '../config.js';
import { connect } from '../connect.js';
import type { CliIo } from '../io.js';
import { formatDuration, outputFormat, printOutput, renderTable } from '../output.js';
import { yesNo } from './list.js';

const DescribeOptions = (z: Zod) => connectionFlags(z).extend({ action: z.string().min(1), output: outputFormat(z) });

export function describeCommand(io: CliIo) {
  return newCommand(
    'describe',
    'an action or composite: parameters (types, defaults, enums), steps, whether it mutates, locks, limits, approval',
  )
    .argument('<action>', 'the action (WorkflowTemplate) name')
    .addOption(outputOption())
    .action(
      action(io, DescribeOptions, ['action'], async (options) => {
        const { argo, namespace } = await connect(options, io);
        const template = await argo.call('get', '/api/v1/workflow-templates/{namespace}/{name}', {
          path: { namespace, name: options.action },
        });
        const { catalogInput, templateInput } = await import('../action-input.js');
        const input = (await catalogInput(options.action)) ?? templateInput(template);
        const info = actionInfo(template, input.manifest.inputSchema);
        const access = accessOf(template);
        await printOutput(io, options.output, { ...info, ...(access ? { access } : {}) }, () => [
          ['NAME', 'TYPE', 'REQUIRED', 'DEFAULT', 'ENUM', 'DESCRIPTION'],
          ...info.parameters.map((p) => [
            p.name,
            p.type,
            yesNo(p.required),
            p.default ?? '',
            (p.enum ?? []).join('|'),
            p.description ?? '',
          ]),
        ]);
        if (options.output === 'table') {
          io.stdout.write(
            `\n${renderTable([
              [`${info.kind}:`, `${info.name}: ${info.title}`],
              ['mutates:', info.mutates ? 'yes (--dry-run shows what it would change)' : 'no'],
              [
                'approval:',
                info.approval ? 'yes, for the roles that need one (an approver runs opsflow approve)' : 'no',
              ],
              ['locks:', info.locks.join(', ') || 'none'],
              ['limits:', info.limits.join(', ') || 'none'],
              ['deadline:', info.deadlineSeconds !== undefined ? formatDuration(info.deadlineSeconds) : 'none'],
              ...Object.entries(access ?? {}).map(([role, what]) => [
                `role ${role}:`,
                [mayDo(what), what.run && terms(what.run)].filter(Boolean).join(': '),
              ]),
            ])}\n${renderTable([
              ['STEP', 'RUNS', 'AFTER'],
              ...info.steps.map((step) => [step.name, step.runs, step.after ?? '']),
            ])}\n${info.description}\n`,
          );
        }
      }),
    );
}
