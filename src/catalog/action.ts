import type { z } from 'zod';
import type { InputObject, StepSystem } from '../steps/runtime/step.js';
import type { SiteConfig } from './site.js';

/** One RBAC rule on the cluster opsflow runs in (the `inCluster` cluster of the site). Never a wildcard. */
export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

/** The step an action runs: `opsflow-step <system> <name>`, validated by `input` (imported from src/steps/<system>/inputs.ts). */
export interface ActionStep<Schema extends InputObject = InputObject> {
  readonly system: StepSystem;
  readonly name: string;
  /** The one input schema: it becomes the WorkflowTemplate parameters, the CLI validation and the step's own check. */
  readonly input: Schema;
  /**
   * The step changes its target, so it takes `--dry-run`: the template gets a `dryRun` parameter
   * (`argo submit ... -p dryRun=true`). Must match the step's definition (a catalog test checks it).
   */
  readonly mutating: boolean;
  /** The step's outputs (name: description), as the step declares them; each becomes an Argo output parameter. */
  readonly outputs?: Readonly<Record<string, string>>;
  /**
   * The step's file outputs (name: description), as the step declares them in `files`; each becomes an Argo output
   * artifact in the site's artifact repository (`site.artifacts`, docs/generator.md#file-outputs).
   */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * The file outputs the step keeps, cut to their end, as output parameters on a site without an artifact
   * repository (the step's `cappedFiles`). Any other file output needs `site.artifacts.repository`.
   */
  readonly cappedFiles?: readonly string[];
}

/**
 * An operational action: a WorkflowTemplate people run with `argo submit --from workflowtemplate/<name>` or
 * `opsflow run <name>`, and automations trigger. Plain data: the catalog imports input schemas, never step code.
 */
export interface Action<Schema extends InputObject = InputObject> {
  /** RFC 1123 label; the WorkflowTemplate name. */
  readonly name: string;
  /** One line, shown in the Argo UI list (`workflows.argoproj.io/title`). */
  readonly title: string;
  /** Markdown, shown in the Argo UI (`workflows.argoproj.io/description`). */
  readonly description: string;
  readonly step: ActionStep<Schema>;
  /** Pause for a human `argo resume` before the step runs. @default false */
  readonly approval?: boolean;
  /**
   * At most this many steps of the action run at once (a ConfigMap semaphore held by the step template, so a run
   * waiting for its target's mutex takes no slot and holds back no other run). @default - no limit
   */
  readonly maxParallel?: number;
  /**
   * One run per target at a time: a Workflow-level mutex named `<prefix>_<value of each parameter in by>`. Actions
   * with the same prefix and parameters serialize each other. Synth refuses a parameter whose values may contain "_".
   * @default - no mutex
   */
  readonly mutex?: {
    readonly prefix: string;
    readonly by: readonly (keyof z.core.input<Schema> & string)[];
  };
  /**
   * The longest one attempt of the step may legitimately run: each attempt's pod deadline, from which the retry
   * window and the Workflow deadline follow. Set it when the step runs longer than one wait of its `timeoutSeconds`
   * (several waits in a row, or work with no bound of its own). @default - the largest `timeoutSeconds` the step's
   * input accepts, or 600 for a step that does not wait
   */
  readonly stepSeconds?: number;
  /**
   * Whole-Workflow deadline; synth refuses one shorter than the step's retry window (docs/generator.md, "Retries").
   * @default - the step's retry window, plus an hour when the run may wait for an approval or a `maxParallel` slot
   */
  readonly deadlineSeconds?: number;
  /** The step container's requests and limits. @default - requests cpu 50m / memory 64Mi, limits cpu 500m / memory 256Mi */
  readonly resources?: {
    readonly requests?: { readonly cpu?: string; readonly memory?: string };
    readonly limits?: { readonly cpu?: string; readonly memory?: string };
  };
  /** Size limit of the step's writable /tmp, where its output files go. @default '256Mi' */
  readonly tmpSize?: string;
  /**
   * What the step needs on the cluster opsflow runs in (granted to the template's own ServiceAccount); a function
   * when it depends on the site (e.g. the kinds `workload-delete` may delete). Read it with `inClusterRules`.
   */
  readonly inClusterAccess?: readonly PolicyRule[] | ((site: SiteConfig) => readonly PolicyRule[]);
}

/** The RBAC rules an action's ServiceAccount gets on the site's in-cluster cluster. */
export function inClusterRules(action: Action, site: SiteConfig): readonly PolicyRule[] {
  const access = action.inClusterAccess;
  return typeof access === 'function' ? access(site) : (access ?? []);
}

/** Identity helper that keeps the schema's type attached to the action. */
export function defineAction<Schema extends InputObject>(action: Action<Schema>): Action<Schema> {
  return action;
}
