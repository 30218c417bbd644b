import { action, newCommand, outputOption, type Zod } from '../command.js';
import { connectionFlags } from '../config.js';
import { connect } from '../connect.js';
import type { CliIo } from '../io.js';
import { outputFormat, printOutput } from '../output.js';
import { RUN_COLUMNS, runRow } from './get.js';

const ShutdownOptions = (z: Zod) =>
  connectionFlags(z).extend({
    run: z.string().min(1),
    message: z.string().optional(),
    output: outputFormat(z),
  });

/** PUT .../stop: the run ends and its exit handlers run (spec.shutdown=Stop). */
export function stopCommand(io: CliIo) {
  return newCommand('stop', 'stop a run; its exit handlers still run')
    .argument('<run>', 'the run (Workflow) name')
    .option('--message <text>', 'why, recorded on the run')
    .addOption(outputOption())
    .action(
      action(io, ShutdownOptions, ['run'], async (options) => {
        const { argo, namespace } = await connect(options, io);
        const workflow = await argo.call('put', '/api/v1/workflows/{namespace}/{name}/stop', {
          path: { namespace, name: options.run },
          body: { namespace, name: options.run, ...(options.message ? { message: options.message } : {}) },
        });
        await printOutput(io, options.output, workflow, () => [RUN_COLUMNS, runRow(workflow, io.now())]);
      }),
    );
}

/** PUT .../terminate: the run ends at once, exit handlers skipped (spec.shutdown=Terminate). */
export function terminateCommand(io: CliIo) {
  return newCommand('terminate', 'terminate a run at once; exit handlers do not run')
    .argument('<run>', 'the run (Workflow) name')
    .addOption(outputOption())
    .action(
      action(
        io,
        (z) => ShutdownOptions(z).omit({ message: true }),
        ['run'],
        async (options) => {
          const { argo, namespace } = await connect(options, io);
          const workflow = await argo.call('put', '/api/v1/workflows/{namespace}/{name}/terminate', {
            path: { namespace, name: options.run },
            body: { namespace, name: options.run },
          });
          await printOutput(io, options.output, workflow, () => [RUN_COLUMNS, runRow(workflow, io.now())]);
        },
      ),
    );
}
