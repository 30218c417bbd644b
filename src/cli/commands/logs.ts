import { action, newCommand, outputOption, type Zod } from '../command.js';
import { connectionFlags } from '../config.js';
import { connect } from '../connect.js';
import type { CliIo } from '../io.js';
import { printLogs } from '../logs.js';
import { outputFormat } from '../output.js';

const LogsOptions = (z: Zod) =>
  connectionFlags(z).extend({ run: z.string().min(1), follow: z.boolean().default(false), output: outputFormat(z) });

export function logsCommand(io: CliIo) {
  return newCommand('logs', 'the step logs of a run (finished runs too)')
    .argument('<run>', 'the run (Workflow) name')
    .option('-f, --follow', 'keep streaming until the run ends')
    .addOption(outputOption())
    .action(
      action(io, LogsOptions, ['run'], async (options) => {
        const { argo, namespace } = await connect(options, io);
        await printLogs(argo, namespace, options.run, options.follow, io, options.output);
      }),
    );
}
