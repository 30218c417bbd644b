import type * as z from '../../common/zod-mini.js';
import { checkStepDefinition } from './rules.js';

/** The step families (`opsflow-step <system> ...`); src/steps/bin/<image>.ts says which image carries each. */
export type StepSystem = 'kubernetes' | 'aws' | 'openstack' | 'nautobot' | 'alertmanager' | 'notify' | 'jira';

/** One JSON line per event on stderr. Fields must never carry credentials. */
export interface StepLogger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export interface StepContext {
  /** `--dry-run`: read the target, report what would change, change nothing. */
  readonly dryRun: boolean;
  readonly log: StepLogger;
  /** The process environment (tests pass their own). Endpoints and credentials come from here or files it names. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGTERM (Argo stopping the pod) so long waits end promptly. */
  readonly signal: AbortSignal;
  /**
   * A credential: the variable `name` itself, or the contents of the file named by `${name}_FILE` (a mounted
   * Secret), trailing newline trimmed. Undefined when neither is set.
   */
  secret(name: string): Promise<string | undefined>;
  /**
   * Write an Argo output parameter (a small value declared in `outputs`): strings as-is, anything else as JSON.
   * A name declared only in `files` (or not at all) is a programming error.
   */
  output(name: string, value: unknown): Promise<void>;
  /**
   * Path of a file output (declared in `files`) that the step writes itself, e.g. a log or a heap dump; it becomes
   * an Argo output artifact. A name declared only in `outputs` (or not at all) is a programming error.
   */
  outputPath(name: string): string;
}

/** What a step reports; the runtime writes it as `result.json` beside the output files and logs it. */
export interface StepResult {
  /** `changed`: the step changed the target; `unchanged`: already in the wanted state; `dry-run`: nothing changed. */
  readonly outcome: 'changed' | 'unchanged' | 'dry-run';
  /** Human summary, e.g. "restarted Deployment shop/web" or "would set maintenance on node n1". */
  readonly message: string;
  /** Structured details (what changed / would change). No credentials. */
  readonly details?: Record<string, unknown>;
}

/**
 * A step's input schema: zod's core object type (the steps build theirs with zod/mini, the CLI and tests may use
 * classic zod) with the `safeParse` both APIs give every schema. The runtime parses with that method, so it imports
 * no zod itself: `--help` and `list` load none.
 */
export interface InputObject extends z.core.$ZodObject {
  safeParse(
    data: unknown,
    params?: z.core.ParseContext<z.core.$ZodIssue>,
  ): z.core.util.SafeParseResult<z.core.output<this>>;
}

export interface StepDefinition<Schema extends InputObject = InputObject> {
  readonly system: StepSystem;
  /** kebab-case, unique within the system: `opsflow-step <system> <name>`. */
  readonly name: string;
  readonly description: string;
  /**
   * The one input schema (a `z.strictObject` of zod/mini, src/common/zod-mini.ts, with camelCase keys and a
   * `z.describe()` on every field). It is also the WorkflowTemplate's parameters and what the CLI validates, so it
   * lives in `src/steps/<system>/inputs/`.
   */
  readonly input: Schema;
  /** Mutating steps accept `--dry-run`. */
  readonly mutating: boolean;
  /**
   * Small output values the step writes with `ctx.output` (name: description); each becomes an Argo output
   * parameter, which is kept in the Workflow status, so never a log or other large content (use `files`).
   */
  readonly outputs?: Readonly<Record<string, string>>;
  /**
   * File outputs the step writes itself at `ctx.outputPath(name)` (name: description), e.g. logs or a heap dump;
   * each becomes an Argo output artifact (stored in the namespace's artifact repository). Names must not repeat
   * those of `outputs`.
   */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * File outputs (names in `files`) whose end is worth keeping on its own, e.g. a log. Where the site has no artifact
   * repository, the template passes `OPSFLOW_FILE_OUTPUT_MAX_BYTES` and the runtime cuts each of these files to its
   * last that many bytes, which Argo then keeps as an output parameter. A file output not listed here needs an
   * artifact repository. @default - none
   */
  readonly cappedFiles?: readonly string[];
  /** A short label of the target for logs, e.g. `Deployment shop/web on prod`. */
  target(input: z.core.output<Schema>): string;
  /**
   * Does the work. A step module (`src/steps/<system>/<module>.ts`) holds only the definition and imports its run with
   * `import('./run/<module>.js')`: the API clients, the HTTP core and every helper that talks to a system live in
   * `run/`, so a step's start, up to its input validation, loads none of them (test/bundles checks it).
   */
  run(input: z.core.output<Schema>, ctx: StepContext): Promise<StepResult>;
}

/**
 * Keeps the input type of `run` tied to the schema, and rejects a malformed definition (e.g. an input field that
 * looks like a credential) when the module defining it loads.
 */
export function defineStep<Schema extends InputObject>(step: StepDefinition<Schema>): StepDefinition<Schema> {
  checkStepDefinition(step as unknown as StepDefinition);
  return step;
}
