import { action, newCommand, outputOption, type Zod } from '../command.js';
import { connectionFlags } from '../config.js';
import { connect } from '../connect.js';
import type { CliIo } from '../io.js';
import { outputFormat, printOutput } from '../output.js';
import { RUN_COLUMNS, runRow } from './get.js';

const RetryOptions = (z: Zod) => connectionFlags(z).extend({ run: z.string().min(1), output: outputFormat(z) });

/** PUT .../retry: a Failed or Error run starts again from its failed steps (argo retry). */
export function retryCommand(io: CliIo) {
  return newCommand('retry', 'retry a failed run from its failed steps')
    .argument('<run>', 'the run (Workflow) name')
    .addOption(outputOption())
    .action(
      action(io, RetryOptions, ['run'], async (options) => {
        const { argo, namespace } = await connect(options, io);
        const workflow = await argo.call('put', '/api/v1/workflows/{namespace}/{name}/retry', {
          path: { namespace, name: options.run },
          body: { namespace, name: options.run },
        });
        await printOutput(io, options.output, workflow, () => [RUN_COLUMNS, runRow(workflow, io.now())]);
      }),
    );
}
