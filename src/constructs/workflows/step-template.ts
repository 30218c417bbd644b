import { z } from 'zod';
import type { SiteConfig } from '../../catalog/site.js';
import { FILE_OUTPUT_MAX_BYTES } from '../../steps/runtime/file-cap.js';
import type { StepSystem } from '../../steps/runtime/step.js';
import type { SemaphoreRef } from '../platform/semaphores.js';
import type { RetryStrategy, Template, WorkflowStep } from './argo-types.js';
import { flagName } from './parameters.js';
import { OUTPUT_DIR, stepAccess } from './step-access.js';

export type ResourceRequirements = NonNullable<NonNullable<Template['container']>['resources']>;

/** The step runtime's exit code for a transient failure (src/steps/runtime/errors.ts); the only one retried. */
const TRANSIENT_EXIT_CODE = 75;

/** How long one run of a step may take when its input has no `timeoutSeconds` (a step that does not wait). */
export const DEFAULT_STEP_TIMEOUT_SECONDS = 600;

/** Added to the step's timeout for its pod's deadline: start-up, and the calls before and after a wait. */
export const STEP_START_SECONDS = 120;

/** The input parameter of a mutating step's template, passed on as `--dry-run=<true|false>`. */
export const DRY_RUN_INPUT = 'dryRun';

/**
 * Steps that read their Workflow's identity: the silences' default key (ARGO_WORKFLOW_UID) and the notify link
 * (ARGO_WORKFLOW_NAMESPACE). Argo sets only ARGO_WORKFLOW_NAME in a step container (workflow/controller/workflowpod.go,
 * v4.1.2), so the template passes the others.
 */
const WORKFLOW_IDENTITY_SYSTEMS: ReadonlySet<StepSystem> = new Set(['alertmanager', 'notify']);
const WORKFLOW_IDENTITY_ENV = [
  { name: 'ARGO_WORKFLOW_NAMESPACE', value: '{{workflow.namespace}}' },
  { name: 'ARGO_WORKFLOW_UID', value: '{{workflow.uid}}' },
];

export interface StepTemplateProps {
  /** Template name inside the WorkflowTemplate. */
  readonly name: string;
  readonly site: SiteConfig;
  readonly system: StepSystem;
  /** Step name: the container runs `opsflow-step <system> <step>`. */
  readonly step: string;
  /** The step's input schema; each key becomes an input parameter and a kebab-case flag. */
  readonly input: z.core.$ZodObject;
  /** Declared step output parameters (small values under OPSFLOW_OUTPUT_DIR); each becomes an output parameter. @default - none */
  readonly outputs?: Readonly<Record<string, string>>;
  /**
   * Declared step file outputs (files under OPSFLOW_OUTPUT_DIR, e.g. logs or a heap dump); each becomes an output
   * artifact, stored unarchived in the site's artifact repository (`site.artifacts`). @default - none
   */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * File outputs (names in `files`) kept, cut to their end, as output parameters where `site.artifacts.repository` is
   * `none` (the step's `cappedFiles`); the other file outputs stay artifacts, which a WorkflowTemplate told the
   * site has no repository refuses. @default - none
   */
  readonly cappedFiles?: readonly string[];
  /** The step changes its target: the template takes a `dryRun` input parameter passed as `--dry-run=<value>`. @default false */
  readonly mutating?: boolean;
  /** @default - requests cpu 50m / memory 64Mi, limits cpu 500m / memory 256Mi */
  readonly resources?: ResourceRequirements;
  /**
   * A ConfigMap semaphore held while the step runs (all its attempts): template-level, so a Workflow only queues for
   * a slot once it holds its Workflow-level locks (see synchronization.ts `lockPlanErrors`). @default - none
   */
  readonly semaphore?: SemaphoreRef;
  /** Retries of exit code 75. @default 3 */
  readonly retryLimit?: number;
  /**
   * The longest one run of the step may take (its own timeout). @default - the maximum the input schema allows for
   * `timeoutSeconds` (the step's wait), else DEFAULT_STEP_TIMEOUT_SECONDS
   */
  readonly timeoutSeconds?: number;
  /** Size limit of the writable /tmp (outputs land there: a heap dump needs the heap's size). @default '256Mi' */
  readonly tmpSize?: string;
}

/**
 * A container template running one `opsflow-step`: pinned site image, flags from input parameters, output
 * parameters from small files, output artifacts from file outputs, hardened container (non-root, read-only root filesystem with an emptyDir /tmp, no privilege escalation,
 * no capabilities, RuntimeDefault seccomp) and retries of exit code 75 only. Each attempt's pod gets the step's timeout
 * plus STEP_START_SECONDS as its deadline, and the retries have no `maxDuration` (see transientRetryStrategy).
 */
export function stepTemplate(props: StepTemplateProps): Template {
  const access = stepAccess(props.site, props.system, props.step);
  const keys = Object.keys(props.input._zod.def.shape);
  const parameters = props.mutating ? [...keys, DRY_RUN_INPUT] : keys;
  const outputNames = Object.keys(props.outputs ?? {});
  const fileNames = Object.keys(props.files ?? {});
  for (const name of fileNames) {
    if (outputNames.includes(name) || name === 'result') {
      throw new Error(`step template ${props.name}: file output "${name}" clashes with an output parameter`);
    }
  }
  const { repository, maxParameterBytes } = props.site.artifacts;
  // Without a repository a capped file is an output parameter; the runtime cuts it to the cap it is told.
  const fileParameters = repository === 'none' ? fileNames.filter((name) => props.cappedFiles?.includes(name)) : [];
  const artifactNames = fileNames.filter((name) => !fileParameters.includes(name));
  return {
    name: props.name,
    inputs: { parameters: parameters.map((name) => ({ name })) },
    outputs: {
      parameters: [
        ...[...outputNames, ...fileParameters].map((name) => ({
          name,
          valueFrom: { path: `${OUTPUT_DIR}/${name}`, default: '' },
        })),
        { name: 'result', valueFrom: { path: `${OUTPUT_DIR}/result.json`, default: '' } },
      ],
      // Files go to the artifact repository, not the Workflow status; unarchived so they download as they are.
      // Optional like the parameters' `default: ''`: a dry run or a failed step may write no file.
      ...(artifactNames.length > 0
        ? {
            artifacts: artifactNames.map((name) => ({
              name,
              path: `${OUTPUT_DIR}/${name}`,
              archive: { none: {} },
              optional: true,
            })),
          }
        : {}),
    },
    container: {
      name: 'main',
      image: `${props.site.image.registry}/opsflow-${access.family}:${props.site.image.tag}`,
      command: ['opsflow-step', props.system, props.step],
      // `--flag=value` keeps values that start with "-" attached to their flag.
      args: parameters.map((key) => `${flagName(key)}={{inputs.parameters.${key}}}`),
      env: [
        { name: 'OPSFLOW_OUTPUT_DIR', value: OUTPUT_DIR },
        ...(fileParameters.length > 0 ? [{ name: FILE_OUTPUT_MAX_BYTES, value: String(maxParameterBytes) }] : []),
        ...(WORKFLOW_IDENTITY_SYSTEMS.has(props.system) ? WORKFLOW_IDENTITY_ENV : []),
        ...access.env,
      ],
      resources: props.resources ?? {
        requests: { cpu: '50m', memory: '64Mi' },
        limits: { cpu: '500m', memory: '256Mi' },
      },
      securityContext: {
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...access.mounts],
    },
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: props.tmpSize ?? '256Mi' } }, ...access.volumes],
    ...(props.semaphore ? { synchronization: { semaphores: [{ configMapKeyRef: { ...props.semaphore } }] } } : {}),
    // Per attempt: Argo sets it on each pod (workflowpod.go), and a retry pod gets a full one.
    activeDeadlineSeconds: stepTimeoutSeconds(props) + STEP_START_SECONDS,
    retryStrategy: transientRetryStrategy(props.retryLimit ?? 3),
  };
}

/** `props.timeoutSeconds`, else the largest `timeoutSeconds` the step's input accepts, else the default. */
function stepTimeoutSeconds(props: Pick<StepTemplateProps, 'name' | 'input' | 'timeoutSeconds'>): number {
  if (props.timeoutSeconds !== undefined) return props.timeoutSeconds;
  const field = props.input._zod.def.shape.timeoutSeconds;
  if (field === undefined) return DEFAULT_STEP_TIMEOUT_SECONDS;
  const maximum = (z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as { maximum?: number }).maximum;
  // zod renders `.int()` without `.max()` as the largest safe integer.
  if (maximum === undefined || maximum >= Number.MAX_SAFE_INTEGER) {
    throw new Error(
      `step template ${props.name}: input timeoutSeconds has no maximum, so a run has no bound (add .max())`,
    );
  }
  return maximum;
}

/**
 * Retry only what the step reports as transient; `lastRetry.exitCode` is a string in Argo expressions. No
 * `backoff.maxDuration`: Argo counts it from the first attempt and makes it every retry pod's deadline
 * (workflow/controller/operator.go `processNodeRetries`, v4.1.2), which would cut a retry of a step that waits. The
 * retries are bounded by `limit` and each attempt by the template's `activeDeadlineSeconds` (retry-window.ts).
 */
export function transientRetryStrategy(limit: number): RetryStrategy {
  return {
    limit,
    retryPolicy: 'Always',
    expression: `asInt(lastRetry.exitCode) == ${TRANSIENT_EXIT_CODE}`,
    backoff: { duration: '10s', factor: 2, cap: '1m' },
  };
}

/** A `steps` entry calling `template` with each of its input parameters taken from the Workflow's parameters. */
export function callWithWorkflowParameters(name: string, template: Template): WorkflowStep {
  return {
    name,
    template: template.name,
    arguments: {
      parameters: (template.inputs?.parameters ?? []).map((parameter) => ({
        name: parameter.name,
        value: `{{workflow.parameters.${parameter.name}}}`,
      })),
    },
  };
}

/** A `steps` template: groups run one after the other, the steps of a group in parallel. */
export function stepsTemplate(name: string, groups: WorkflowStep[][]): Template {
  return { name, steps: groups };
}

/** A DAG template: tasks run as soon as their `depends`/`dependencies` are met. */
export function dagTemplate(name: string, tasks: NonNullable<Template['dag']>['tasks']): Template {
  return { name, dag: { tasks } };
}

/** What `opsflow approve`/`reject` record on the approval node (supplied output parameters): the approver's words. */
export const APPROVAL_OUTPUTS = ['approver', 'message'] as const;

/** The input of the approval template: its suspend `duration` ("" waits for a person). */
export const APPROVAL_TIMEOUT_INPUT = 'timeout';

/**
 * A suspend node a person resumes (`opsflow approve`, `argo resume`, the UI) or stops (`opsflow reject`) before the
 * rest runs. Argo Server labels the Workflow with who did it (src/governance/approval.ts); the supplied output
 * parameters keep what the approver wrote (`PUT .../set` before `.../resume`; docs/intermediate-inputs.md), and
 * their empty defaults let a plain `argo resume` through (workflow/util/util.go OverrideOutputParametersWithDefault).
 * When `duration` (the input `timeout`) passes, the controller resumes the node by itself (executeSuspend in
 * workflow/controller/operator.go, v4.1.2): the approval check after it turns that into a rejection.
 * @param duration the input's default: resume by itself after this long (e.g. "30m"). @default - wait for a person
 */
export function approvalTemplate(name: string, duration?: string): Template {
  return {
    name,
    inputs: { parameters: [{ name: APPROVAL_TIMEOUT_INPUT, default: duration ?? '' }] },
    suspend: { duration: `{{inputs.parameters.${APPROVAL_TIMEOUT_INPUT}}}` },
    outputs: {
      parameters: APPROVAL_OUTPUTS.map((output) => ({ name: output, valueFrom: { supplied: {}, default: '' } })),
    },
  };
}
