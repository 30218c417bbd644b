import { Command } from 'commander';
import { approveCommand, rejectCommand } from './commands/approve.js';
import { completionCommand } from './commands/completion.js';
import { describeCommand } from './commands/describe.js';
import { eventsCommand } from './commands/events.js';
import { getCommand } from './commands/get.js';
import { historyCommand } from './commands/history.js';
import { listCommand } from './commands/list.js';
import { logsCommand } from './commands/logs.js';
import { meCommand } from './commands/me.js';
import { retryCommand } from './commands/retry.js';
import { runCommand } from './commands/run.js';
import { stopCommand, terminateCommand } from './commands/stop.js';
import { handleError } from './handle-error.js';
import type { CliIo } from './io.js';

/** The `opsflow` program: global connection flags (src/cli/config.ts) and one command per file in commands/. */
export function createProgram(io: CliIo): Command {
  const program = new Command('opsflow')
    .description('Run, follow and approve opsflow actions on Argo Workflows (through Argo Server)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // commander's own ask process.stdout, which loads node's streams for a pipe too (src/cli/io.ts)
      getOutHelpWidth: () => (io.stdout.isTTY && io.stdout.columns) || 80, // 80: commander's own default
      getErrHelpWidth: () => (io.stderr.isTTY && io.stderr.columns) || 80,
      getOutHasColors: () => io.stdout.isTTY === true,
      getErrHasColors: () => io.stderr.isTTY === true,
    })
    .option('-s, --argo-server <host:port>', 'Argo Server (default: $ARGO_SERVER)')
    .option('--argo-base-href <path>', 'path prefix of Argo Server, e.g. behind an ingress (default: $ARGO_BASE_HREF)')
    .option('-e, --secure', 'TLS to Argo Server (the default unless $ARGO_SECURE=false)')
    .option('--no-secure', 'plain HTTP to Argo Server')
    .option('-k, --insecure-skip-verify', 'do not verify the server certificate ($ARGO_INSECURE_SKIP_VERIFY=true)')
    .option('--argo-http1', 'accepted for argo compatibility; opsflow always uses HTTP/1.1 ($ARGO_HTTP1)')
    .option('--certificate-authority <file>', 'PEM CA bundle that signed the Argo Server certificate')
    .option('-n, --namespace <namespace>', 'namespace of the actions and runs (default: $ARGO_NAMESPACE or opsflow)');
  for (const command of [
    listCommand(io),
    describeCommand(io),
    meCommand(io),
    runCommand(io),
    getCommand(io),
    historyCommand(io),
    logsCommand(io),
    stopCommand(io),
    terminateCommand(io),
    approveCommand(io),
    rejectCommand(io),
    retryCommand(io),
    eventsCommand(io),
    completionCommand(io, program),
  ]) {
    program.addCommand(command);
  }
  // Subcommands share the output, the exit override and the error display of the program.
  for (const command of program.commands) inherit(command, program);
  return program;
}

function inherit(command: Command, program: Command): void {
  command.copyInheritedSettings(program);
  for (const sub of command.commands) inherit(sub, program);
}

/** Parses and runs `args` (without `node opsflow`); the exit code lands in `io.exitCode`. */
export async function runCli(program: Command, args: readonly string[], io: CliIo): Promise<number> {
  try {
    await program.parseAsync(args as string[], { from: 'user' });
  } catch (error) {
    await handleError(error, io);
  }
  return io.exitCode;
}
