import { CommanderError } from 'commander';
import type { HttpError } from '../clients/http/http-error.js';
import { CliError, CliExit } from './errors.js';
import type { CliIo } from './io.js';

/**
 * The one error handler: prints what went wrong on stderr and returns the exit code (docs/cli.md "Exit codes").
 * Argo Server answers in grpc-gateway's body `{"code": <gRPC code>, "message": ...}`; the message is what people see.
 */
export async function handleError(error: unknown, io: CliIo): Promise<CliExit> {
  const { message, exitCode } = await classify(error);
  if (message) io.stderr.write(`opsflow: ${message}\n`);
  io.exitCode = exitCode;
  return exitCode;
}

async function classify(error: unknown): Promise<{ message: string; exitCode: CliExit }> {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof CommanderError) {
    // Commander has printed its own message (usage errors) or the help.
    const shown = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code);
    return { message: '', exitCode: shown ? CliExit.Ok : CliExit.BadInput };
  }
  if (error instanceof Error && error.name === 'ZodError') {
    const { z } = await import('zod');
    return { message: z.prettifyError(error as InstanceType<typeof z.ZodError>), exitCode: CliExit.BadInput };
  }
  // The step's input rules and the HTTP core load with a command that uses them; --help never needs them.
  const [{ InvalidInputError }, { HttpError }] = await Promise.all([
    import('../steps/runtime/errors.js'),
    import('../clients/http/http-error.js'),
  ]);
  if (error instanceof InvalidInputError) return { message: error.message, exitCode: CliExit.BadInput };
  if (error instanceof HttpError) return fromHttp(error);
  return {
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    exitCode: CliExit.RunFailed,
  };
}

function fromHttp(error: HttpError): { message: string; exitCode: CliExit } {
  const serverMessage = grpcMessage(error.responseExcerpt);
  const what = `${error.method} ${error.url}`;
  switch (error.status) {
    case 401:
      return {
        message: `not authenticated: Argo Server refused the token in ARGO_TOKEN (${serverMessage ?? '401'}); sign in again (docs/cli.md#sign-in)`,
        exitCode: CliExit.NotAuthenticated,
      };
    case 403:
      return { message: `refused: ${serverMessage ?? what}`, exitCode: CliExit.Refused };
    case 404:
      return { message: `not found: ${serverMessage ?? what}`, exitCode: CliExit.Refused };
    case 409:
      return { message: `conflict: ${serverMessage ?? what}`, exitCode: CliExit.Refused };
    case 400:
      return { message: `invalid request: ${serverMessage ?? what}`, exitCode: CliExit.BadInput };
    default:
      if (error.kind === 'certificate') {
        return {
          message: `${error.message}. Pass --certificate-authority FILE for a private CA (or, insecurely, --insecure-skip-verify)`,
          exitCode: CliExit.RunFailed,
        };
      }
      return { message: serverMessage ? `${what}: ${serverMessage}` : error.message, exitCode: CliExit.RunFailed };
  }
}

function grpcMessage(excerpt: string | undefined): string | undefined {
  if (!excerpt) return undefined;
  try {
    const parsed = JSON.parse(excerpt) as { message?: unknown };
    return typeof parsed.message === 'string' && parsed.message !== '' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}
