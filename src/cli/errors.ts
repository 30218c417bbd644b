/**
 * The exit codes of `opsflow` (docs/cli.md): 0 success, 1 the run failed (or an unexpected error), 2 bad input,
 * 3 refused or not found, 4 not authenticated. Commands throw; one handler (handleError) prints and maps.
 */
export const CliExit = {
  Ok: 0,
  RunFailed: 1,
  BadInput: 2,
  Refused: 3,
  NotAuthenticated: 4,
} as const;
export type CliExit = (typeof CliExit)[keyof typeof CliExit];

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: CliExit,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export const badInput = (message: string): CliError => new CliError(message, CliExit.BadInput);
export const refused = (message: string): CliError => new CliError(message, CliExit.Refused);
export const notAuthenticated = (message: string): CliError => new CliError(message, CliExit.NotAuthenticated);
