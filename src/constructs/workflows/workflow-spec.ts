import { shorten } from '../../common/shorten.js';
import { valueAt } from '../../common/value-at.js';
import { checkDnsLabel, problem } from '../validation.js';
import type { PodGc, Synchronization, TtlStrategy, WorkflowSpec } from './argo-types.js';

type PodSecurityContext = NonNullable<WorkflowSpec['securityContext']>;

/** Settings of a WorkflowTemplate's spec (a CronWorkflow's runs take them from their template). */
export interface WorkflowSpecOptions {
  /** Whole-Workflow deadline. @default 3600 */
  readonly activeDeadlineSeconds?: number;
  /** @default - keep succeeded Workflows 1 day, failed ones 7 days */
  readonly ttlStrategy?: TtlStrategy;
  /** @default - delete a pod once it succeeds (failed pods stay for their logs) */
  readonly podGC?: PodGc;
  /** Template run when the Workflow ends, whatever its status (`{{workflow.status}}`). @default - none */
  readonly onExit?: string;
  /** @default - non-root uid/gid 65532, fsGroup 65532, seccomp RuntimeDefault */
  readonly securityContext?: PodSecurityContext;
}

const DAY = 24 * 3600;

/** Resolves the defaults once; `synchronization` is left out when empty. */
export function renderWorkflowSpec(
  options: WorkflowSpecOptions,
  parts: Pick<WorkflowSpec, 'entrypoint' | 'serviceAccountName' | 'templates' | 'arguments' | 'workflowTemplateRef'> & {
    synchronization?: Synchronization;
  },
): WorkflowSpec {
  const { synchronization = {}, ...spec } = parts;
  const hasSynchronization = (synchronization.semaphores?.length ?? 0) + (synchronization.mutexes?.length ?? 0) > 0;
  return {
    ...spec,
    activeDeadlineSeconds: options.activeDeadlineSeconds ?? 3600,
    ttlStrategy: options.ttlStrategy ?? { secondsAfterSuccess: DAY, secondsAfterFailure: 7 * DAY },
    podGC: options.podGC ?? { strategy: 'OnPodSuccess' },
    securityContext: options.securityContext ?? {
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...(options.onExit ? { onExit: options.onExit } : {}),
    ...(hasSynchronization ? { synchronization } : {}),
  };
}

/** Structural checks the schema cannot express: unique template names, entrypoint/onExit/local references exist. */
export function templateReferenceErrors(spec: WorkflowSpec): string[] {
  const templates = spec.templates ?? [];
  const names = templates.map((template) => template.name);
  const known = new Set(names);
  const errors = names
    .filter((name, i) => names.indexOf(name) !== i)
    .map((name) => `template "${name}" is declared twice`);
  const expect = (where: string, name: string | undefined) => {
    if (name && !known.has(name)) errors.push(`${where} names template "${name}", which does not exist`);
  };
  expect('entrypoint', spec.entrypoint);
  expect('onExit', spec.onExit);
  for (const template of templates) {
    for (const step of template.steps?.flat() ?? []) expect(`step "${step.name}" of "${template.name}"`, step.template);
    for (const task of template.dag?.tasks ?? []) expect(`task "${task.name}" of "${template.name}"`, task.template);
  }
  return errors;
}

/** The annotations the Argo UI lists templates with (v3.7+ for WorkflowTemplates and CronWorkflows). */
export function argoUiAnnotations(props: { readonly title: string; readonly description: string }) {
  return {
    'workflows.argoproj.io/title': props.title,
    'workflows.argoproj.io/description': props.description,
  };
}

/**
 * What the schema leaves open about an Argo object's metadata and settings: a name usable as a label value (the
 * controller labels each Workflow with its template's name), the UI title and description, a positive deadline.
 */
export function metadataErrors(
  props: { readonly name: string; readonly title: string; readonly description: string },
  options: WorkflowSpecOptions,
  deadlineField: string,
): string[] {
  const errors = checkDnsLabel('metadata.name', props.name);
  for (const [key, value] of [
    ['title', props.title],
    ['description', props.description],
  ] as const) {
    if (typeof value !== 'string' || !value.trim()) {
      errors.push(problem(`metadata.annotations["workflows.argoproj.io/${key}"]`, 'must not be empty', value));
    }
  }
  const deadline = options.activeDeadlineSeconds;
  if (deadline !== undefined && !(Number.isInteger(deadline) && deadline > 0)) {
    errors.push(problem(deadlineField, 'must be a positive whole number of seconds', deadline));
  }
  return errors;
}

/** The model library's ajv errors, one line each, with the path of the field and the value found there. */
export function modelErrors(validate: () => void, object: unknown): string[] {
  try {
    validate();
    return [];
  } catch (error) {
    const details = (error as { errors?: { instancePath: string; message?: string; params?: unknown }[] }).errors;
    if (!details) return [String((error as Error).message)];
    return details.map((d) => {
      const path = d.instancePath
        .split('/')
        .slice(1)
        .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
      // The value, shortened: an error about a whole object (a missing property) would otherwise print all of it.
      const shown = path.length === 0 ? 'the whole object' : (JSON.stringify(valueAt(object, path)) ?? 'nothing');
      const value = shorten(shown, 203, '...');
      return `${d.instancePath || '/'} ${d.message ?? 'is invalid'} ${JSON.stringify(d.params)} (got ${value})`;
    });
  }
}
