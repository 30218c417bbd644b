import type { Construct } from 'constructs';
import { type Action, inClusterRules } from '../catalog/action.js';
import { notifyMessageSend } from '../catalog/actions/notify-message-send.js';
import {
  type CompositeAction,
  type CompositeNestedTask,
  type CompositeStepTask,
  hasApproval,
  isApproval,
  isNested,
  isStep,
  operatorsChannel,
  varsExpression,
} from '../catalog/composite.js';
import type { SiteConfig } from '../catalog/site.js';
import { configuredTransports } from '../catalog/site.js';
import type { SemaphoreConfigMap } from '../constructs/platform/semaphores.js';
import { WorkloadServiceAccount } from '../constructs/platform/service-account.js';
import type { DagTask, Template } from '../constructs/workflows/argo-types.js';
import { parametersFromSchema } from '../constructs/workflows/parameters.js';
import { durationSeconds, retryWindow } from '../constructs/workflows/retry-window.js';
import { stepAccess } from '../constructs/workflows/step-access.js';
import {
  DRY_RUN_INPUT,
  dagTemplate,
  stepsTemplate,
  transientRetryStrategy,
} from '../constructs/workflows/step-template.js';
import { WorkflowTemplate } from '../constructs/workflows/workflow-template.js';
import { type ApprovalTerms, approvingRoles } from '../governance/approval.js';
import { APPROVAL_GATE, approvalGate, gateArguments } from './approval-gate.js';
import {
  actionStepTemplate,
  DRY_RUN_PARAMETER,
  EXECUTOR_RULE,
  targetParameters,
  WAIT_ALLOWANCE_SECONDS,
} from './workflowtemplates.js';

/** The exit handler's template names. */
export const EXIT_TEMPLATE = 'exit';
const EXIT_NOTIFY = 'notifyOutcome';

/**
 * A composite action's WorkflowTemplate: `main` is a DAG of the composite's tasks, each a step template built like
 * an action's (same image, credentials, retries, `maxParallel` slot); the exit handler sends the notice to the
 * operators' channel whatever the outcome (`onExit` runs after success, failure, a rejection or `argo stop`).
 */
export function compositeWorkflowTemplate(
  scope: Construct,
  site: SiteConfig,
  composite: CompositeAction,
  semaphores: SemaphoreConfigMap,
): WorkflowTemplate {
  const operators = operatorsChannel(site);
  const errors: string[] = [];
  // A composite's approval is for any approving role, never the requester: the same terms for every run.
  const approvers = approvingRoles(site.roles);
  const terms: ApprovalTerms = { by: approvers, selfApproval: false };
  const dag = compositeDag(site, composite, semaphores, errors, '', approvers.length > 0 ? JSON.stringify(terms) : '');
  const serviceAccount = compositeServiceAccount(scope, site, composite.name, [...dag.actions, notifyMessageSend]);
  // One gate for every approval task, nested DAGs' included; it grants its check's rules on the one account.
  const approval = hasApproval(composite) ? approvalGate(scope, site, serviceAccount) : undefined;

  // The exit handler: the notice, rendered by notify send from the vars the expression gathers.
  const notify = actionStepTemplate(site, EXIT_NOTIFY, notifyMessageSend, semaphores);
  const exit = stepsTemplate(EXIT_TEMPLATE, [
    [
      {
        name: EXIT_NOTIFY,
        template: notify.name,
        arguments: {
          parameters: taskArguments(
            {
              name: EXIT_NOTIFY,
              action: notifyMessageSend,
              arguments: {
                ...operators,
                subject: composite.notice.subject,
                message: composite.notice.message,
                vars: varsExpression({ status: 'workflow.status', ...composite.notice.vars }),
              },
            },
            notify,
            errors,
            site,
          ),
        },
      },
    ],
  ]);

  // Tasks may run one after the other: the deadline covers every task's retry window, the exit handler's, and the
  // wait for an approval or a `maxParallel` slot.
  const template = new WorkflowTemplate(scope, composite.name, {
    name: composite.name,
    title: composite.title,
    description: composite.description,
    entrypoint: 'main',
    onExit: EXIT_TEMPLATE,
    serviceAccountName: serviceAccount.name,
    parameters: [...parametersFromSchema(composite.input), ...(dag.mutating ? [DRY_RUN_PARAMETER] : [])],
    templates: [...dag.templates, ...(approval?.templates ?? []), exit, notify],
    activeDeadlineSeconds: dag.seconds + templateSeconds(notify) + (dag.waits ? WAIT_ALLOWANCE_SECONDS : 0),
    artifactRepository: site.artifacts.repository,
    targetParameters: targetParameters(composite.input, composite.mutex?.by),
  });
  if (composite.mutex) template.addTargetMutex(composite.mutex.prefix, composite.mutex.by);
  template.node.addValidation({
    validate: () => errors.map((error) => `WorkflowTemplate ${composite.name}: ${error}`),
  });
  return template;
}

/** A composite's DAG and the templates it calls, named `<prefix>-<task>` inside another composite's DAG. */
interface CompositeDag {
  /** The DAG template first. */
  readonly templates: Template[];
  readonly actions: readonly Action[];
  readonly mutating: boolean;
  /** An approval or a `maxParallel` slot may keep a task waiting. */
  readonly waits: boolean;
  /** Every task one after the other, each to its full window. */
  readonly seconds: number;
}

function compositeDag(
  site: SiteConfig,
  composite: CompositeAction,
  semaphores: SemaphoreConfigMap,
  errors: string[],
  prefix: string,
  /** The approval gate's `terms` (JSON, "" for a site without approving roles). */
  terms: string,
): CompositeDag {
  const named = (name: string) => (prefix ? `${prefix}-${name}` : name);
  const nested = new Map(
    composite.tasks
      .filter(isNested)
      .map((task) => [task.name, nestedDag(site, composite, task, semaphores, errors, terms)] as const),
  );
  const stepTemplates = new Map(
    composite.tasks
      .filter(isStep)
      .map((task) => [task.name, stepTaskTemplate(site, task, named(task.name), semaphores, errors)]),
  );
  for (const [name, { task: from, output }] of Object.entries(composite.outputs ?? {})) {
    for (const task of typeof from === 'string' ? [from] : from) {
      const template = stepTemplates.get(task);
      const parameter = template?.outputs?.parameters?.find((candidate) => candidate.name === output);
      if (!template) errors.push(`output "${name}" names task "${task}", which does not run a step`);
      else if (parameter) parameter.globalName = name;
      else errors.push(`output "${name}": task "${task}" has no output "${output}"`);
    }
  }
  // `opsflow approve` finds the waiting node by the gate's suspend template (src/cli/action-info.ts
  // APPROVAL_TEMPLATE), so a DAG has one approval task: two waiting at once could not be told apart.
  const approvals = composite.tasks.filter(isApproval);
  if (approvals.length > 1) errors.push(`tasks ${approvals.map((t) => t.name).join(', ')}: one approval a DAG`);
  const tasks: DagTask[] = composite.tasks.map((task) => {
    const template = stepTemplates.get(task.name) ?? nested.get(task.name)?.templates[0];
    return {
      name: task.name,
      template: isApproval(task) ? APPROVAL_GATE : template!.name!,
      ...(task.depends ? { depends: task.depends } : {}),
      ...(task.when ? { when: task.when } : {}),
      ...(isStep(task) && task.continueOn ? { continueOn: { ...task.continueOn } } : {}),
      ...(isStep(task) ? { arguments: { parameters: taskArguments(task, template!, errors, site) } } : {}),
      ...(isApproval(task) ? { arguments: gateArguments(task.timeout ?? '', terms) } : {}),
    };
  });
  const steps = composite.tasks.filter(isStep);
  const inner = [...nested.values()];
  return {
    templates: [
      dagTemplate(prefix || 'main', tasks),
      ...stepTemplates.values(),
      ...inner.flatMap((dag) => dag.templates),
    ],
    actions: [...steps.map((task) => task.action), ...inner.flatMap((dag) => dag.actions)],
    mutating: steps.some((task) => task.action.step.mutating) || inner.some((dag) => dag.mutating),
    waits:
      approvals.length > 0 || steps.some((task) => task.action.maxParallel !== undefined) || inner.some((d) => d.waits),
    seconds:
      [...stepTemplates.values()].reduce((sum, template) => sum + templateSeconds(template), 0) +
      inner.reduce((sum, dag) => sum + dag.seconds, 0),
  };
}

/** The inner composite's DAG under the task's name; it needs the outer one's parameters and lock. */
function nestedDag(
  site: SiteConfig,
  outer: CompositeAction,
  task: CompositeNestedTask,
  semaphores: SemaphoreConfigMap,
  errors: string[],
  terms: string,
): CompositeDag {
  const inner = task.composite;
  const missing = Object.keys(inner.input._zod.def.shape).filter((name) => !(name in outer.input._zod.def.shape));
  if (missing.length > 0) {
    errors.push(`task "${task.name}" runs ${inner.name}, whose parameters ${missing.join(', ')} this one lacks`);
  }
  const sameLock = outer.mutex?.prefix === inner.mutex?.prefix && outer.mutex?.by.join() === inner.mutex?.by.join();
  if (inner.mutex && !sameLock) {
    errors.push(
      `task "${task.name}" runs ${inner.name}, which holds the lock ${inner.mutex.prefix} by ${inner.mutex.by.join(', ')}: take the same mutex`,
    );
  }
  for (const name of Object.keys(inner.outputs ?? {})) {
    if (name in (outer.outputs ?? {})) errors.push(`output "${name}" is also an output of ${inner.name}`);
  }
  return compositeDag(site, inner, semaphores, errors, task.name, terms);
}

/**
 * An action's step template; a task with its own deadline gets two attempts (one retry of a transient failure)
 * whose window, both deadlines and the backoff between them, is that deadline: a diagnosis that hangs is reported
 * as failed rather than waited for.
 */
function stepTaskTemplate(
  site: SiteConfig,
  task: CompositeStepTask,
  name: string,
  semaphores: SemaphoreConfigMap,
  errors: string[],
): Template {
  const template = actionStepTemplate(site, name, task.action, semaphores);
  if (task.deadlineSeconds === undefined) return template;
  const retryStrategy = transientRetryStrategy(1);
  const backoff = durationSeconds(retryStrategy.backoff?.duration) ?? 0;
  const attemptSeconds = Math.floor((task.deadlineSeconds - backoff) / 2);
  if (attemptSeconds < MIN_ATTEMPT_SECONDS) {
    errors.push(
      `task "${task.name}": deadlineSeconds ${task.deadlineSeconds} leaves less than ${MIN_ATTEMPT_SECONDS}s an attempt`,
    );
  }
  return { ...template, activeDeadlineSeconds: attemptSeconds, retryStrategy };
}

/** The shortest attempt a task deadline may leave a step: its pod's start-up and a few API calls. */
const MIN_ATTEMPT_SECONDS = 20;

/** How long a step template may keep its node: its retry window. */
function templateSeconds(template: Template): number {
  return retryWindow(template)!.seconds;
}

/**
 * Every input of the step: the wired value, "" for an optional one left out (the runtime takes it as unset), and the
 * run's `dryRun` for a mutating step. A required input left out, or an argument the step does not take, is an error.
 */
function taskArguments(task: CompositeStepTask, template: Template, errors: string[], site?: SiteConfig) {
  const wired = typeof task.arguments === 'function' ? task.arguments(site!) : task.arguments;
  const via = task.action === notifyMessageSend ? wired.via : undefined;
  if (via && site?.notify && !configuredTransports(site.notify).includes(via as never)) {
    errors.push(`task "${task.name}" notifies via ${via}, which site.notify does not configure`);
  }
  const required = new Set(
    parametersFromSchema(task.action.step.input)
      .filter((parameter) => parameter.required)
      .map((parameter) => parameter.name),
  );
  const inputs = (template.inputs?.parameters ?? []).map((parameter) => parameter.name);
  for (const name of Object.keys(wired)) {
    if (!inputs.includes(name)) errors.push(`task "${task.name}": ${task.action.step.name} takes no input "${name}"`);
  }
  return inputs.map((name) => {
    const value = name === DRY_RUN_INPUT ? `{{workflow.parameters.${DRY_RUN_INPUT}}}` : wired[name];
    if (value === undefined && required.has(name)) {
      errors.push(`task "${task.name}": required input "${name}" of ${task.action.step.name} is not wired`);
    }
    return { name, value: value ?? '' };
  });
}

/** One ServiceAccount for the whole composite: the union of what its steps need (IRSA, in-cluster rules). */
function compositeServiceAccount(scope: Construct, site: SiteConfig, name: string, actions: readonly Action[]) {
  const annotations = Object.assign(
    {},
    ...actions.map((action) => stepAccess(site, action.step.system, action.step.name).serviceAccountAnnotations),
  );
  const account = new WorkloadServiceAccount(scope, `${name}-service-account`, {
    name: `opsflow-workflow-${name}`,
    annotations,
  });
  account.grant(EXECUTOR_RULE);
  const rules = actions.flatMap((action) => inClusterRules(action, site));
  if (rules.length > 0 && site.kubernetes.clusters.some((cluster) => cluster.inCluster)) account.grantCluster(...rules);
  return account;
}
