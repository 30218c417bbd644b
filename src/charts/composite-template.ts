import type { Construct } from 'constructs';
import { type Action, inClusterRules } from '../catalog/action.js';
import { notifyMessageSend } from '../catalog/actions/notify-message-send.js';
import {
  type CompositeAction,
  type CompositeStepTask,
  isApproval,
  operatorsChannel,
  varsExpression,
} from '../catalog/composite.js';
import type { SiteConfig } from '../catalog/site.js';
import { configuredTransports } from '../catalog/site.js';
import type { SemaphoreConfigMap } from '../constructs/platform/semaphores.js';
import { WorkloadServiceAccount } from '../constructs/platform/service-account.js';
import type { DagTask, Template } from '../constructs/workflows/argo-types.js';
import { parametersFromSchema } from '../constructs/workflows/parameters.js';
import { retryWindow } from '../constructs/workflows/retry-window.js';
import { stepAccess } from '../constructs/workflows/step-access.js';
import { DRY_RUN_INPUT, dagTemplate, stepsTemplate } from '../constructs/workflows/step-template.js';
import { WorkflowTemplate } from '../constructs/workflows/workflow-template.js';
import { type ApprovalTerms, approvingRoles } from '../governance/approval.js';
import { approvalGate, gateArguments } from './approval-gate.js';
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
  const steps = composite.tasks.filter((task): task is CompositeStepTask => !isApproval(task));
  const actions = [...steps.map((task) => task.action), notifyMessageSend];
  const serviceAccount = compositeServiceAccount(scope, site, composite.name, actions);
  const mutating = steps.some((task) => task.action.step.mutating);
  const hasApproval = composite.tasks.some(isApproval);

  const errors: string[] = [];
  const stepTemplates = steps.map((task) => {
    const template = actionStepTemplate(site, task.name, task.action, semaphores);
    for (const [name, { task: from, output }] of Object.entries(composite.outputs ?? {})) {
      if (from !== task.name) continue;
      const parameter = template.outputs?.parameters?.find((candidate) => candidate.name === output);
      if (parameter) parameter.globalName = name;
      else errors.push(`output "${name}": task "${task.name}" has no output "${output}"`);
    }
    return template;
  });
  // A composite's approval is for any approving role, never the requester: the same terms for every run.
  const approval = hasApproval ? approvalGate(scope, site, serviceAccount) : undefined;
  const approvers = approvingRoles(site.roles);
  const terms: ApprovalTerms = { by: approvers, selfApproval: false };
  const tasks: DagTask[] = composite.tasks.map((task) => {
    const template = isApproval(task) ? approval!.gate : stepTemplates[steps.indexOf(task)]!;
    return {
      name: task.name,
      template: template.name!,
      ...(task.depends ? { depends: task.depends } : {}),
      ...(task.when ? { when: task.when } : {}),
      arguments: isApproval(task)
        ? gateArguments('', approvers.length > 0 ? JSON.stringify(terms) : '')
        : { parameters: taskArguments(task, template, errors, site) },
    };
  });
  for (const name of Object.keys(composite.outputs ?? {})) {
    const { task } = composite.outputs![name]!;
    if (!steps.some((step) => step.name === task))
      errors.push(`output "${name}" names task "${task}", which does not run a step`);
  }

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
  const windows = [...stepTemplates, notify].reduce((sum, template) => sum + retryWindow(template)!.seconds, 0);
  const waits = hasApproval || steps.some((task) => task.action.maxParallel !== undefined);
  const template = new WorkflowTemplate(scope, composite.name, {
    name: composite.name,
    title: composite.title,
    description: composite.description,
    entrypoint: 'main',
    onExit: EXIT_TEMPLATE,
    serviceAccountName: serviceAccount.name,
    parameters: [...parametersFromSchema(composite.input), ...(mutating ? [DRY_RUN_PARAMETER] : [])],
    templates: [dagTemplate('main', tasks), ...(approval?.templates ?? []), ...stepTemplates, exit, notify],
    activeDeadlineSeconds: windows + (waits ? WAIT_ALLOWANCE_SECONDS : 0),
    artifactRepository: site.artifacts.repository,
    targetParameters: targetParameters(composite.input, composite.mutex?.by),
  });
  if (composite.mutex) template.addTargetMutex(composite.mutex.prefix, composite.mutex.by);
  template.node.addValidation({
    validate: () => errors.map((error) => `WorkflowTemplate ${composite.name}: ${error}`),
  });
  return template;
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
