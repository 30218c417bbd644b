import { actionInfo, actionTemplates } from '../action-info.js';
import { action, newCommand, outputOption, type Zod } from '../command.js';
import { connectionFlags } from '../config.js';
import { connect } from '../connect.js';
import type { CliIo } from '../io.js';
import { outputFormat, printOutput } from '../output.js';

const ListOptions = (z: Zod) => connectionFlags(z).extend({ output: outputFormat(z) });

export function listCommand(io: CliIo) {
  return newCommand('list', 'the actions and composites (WorkflowTemplates) the server has')
    .addOption(outputOption())
    .action(
      action(io, ListOptions, [], async (options) => {
        const { argo, namespace } = await connect(options, io);
        const list = await argo.call('get', '/api/v1/workflow-templates/{namespace}', { path: { namespace } });
        const infos = actionTemplates(list.items)
          .map((template) => actionInfo(template))
          .sort((a, b) => a.name.localeCompare(b.name));
        await printOutput(io, options.output, infos, () => [
          ['NAME', 'KIND', 'TITLE', 'MUTATES', 'APPROVAL'],
          ...infos.map((info) => [info.name, info.kind, info.title, yesNo(info.mutates), yesNo(info.approval)]),
        ]);
      }),
    );
}

export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}
