import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { z } from 'zod';
import { type Action, inClusterRules } from '../catalog/action.js';
import { type CompositeAction, hasApproval } from '../catalog/composite.js';
import { type Runbook, runbookComposite } from '../catalog/runbook.js';
import type { Schedule } from '../catalog/schedule.js';
import type { SiteConfig } from '../catalog/site.js';
import { DeadLetterTemplate } from '../constructs/events/dead-letter.js';
import type { SemaphoreConfigMap } from '../constructs/platform/semaphores.js';
import { WorkloadServiceAccount } from '../constructs/platform/service-account.js';
import type { Template, WorkflowStep } from '../constructs/workflows/argo-types.js';
import { CronWorkflow } from '../constructs/workflows/cron-workflow.js';
import { type ParameterSpec, parametersFromSchema } from '../constructs/workflows/parameters.js';
import { retryWindow } from '../constructs/workflows/retry-window.js';
import { stepAccess } from '../constructs/workflows/step-access.js';
import {
  callWithWorkflowParameters,
  DRY_RUN_INPUT,
  stepsTemplate,
  stepTemplate,
} from '../constructs/workflows/step-template.js';
import { WorkflowTemplate } from '../constructs/workflows/workflow-template.js';
import { ACCESS_ANNOTATION } from '../governance/access.js';
import { type ApprovalTerms, approvalTermsByRole } from '../governance/approval.js';
import { windowSeconds } from '../governance/guard.js';
import { actionAccess, actionLimits } from '../governance/role.js';
import { RunGuardInput } from '../steps/kubernetes/inputs.js';
import { runGuard as runGuardStep } from '../steps/kubernetes/run-guard.js';
import { AlertFanOutTemplate } from './alert-fan-out.js';
import { approvalGate, gateArguments } from './approval-gate.js';
import { compositeWorkflowTemplate } from './composite-template.js';
import { runbookWorkflowTemplate } from './runbook-template.js';

/** What Argo's executor needs in the Workflow's namespace to report results (docs/workflow-rbac.md). */
export const EXECUTOR_RULE = {
  apiGroups: ['argoproj.io'],
  resources: ['workflowtaskresults'],
  verbs: ['create', 'patch'],
} as const;

/** The parameter of mutating actions: `-p dryRun=true` runs the step with `--dry-run=true`. */
export const DRY_RUN_PARAMETER: ParameterSpec = {
  name: DRY_RUN_INPUT,
  required: false,
  description: 'Report what the action would change, and change nothing',
  default: 'false',
  enum: ['true', 'false'],
};

/** What a run may spend waiting for an approval or a free `maxParallel` slot, on top of its step's retry window. */
export const WAIT_ALLOWANCE_SECONDS = 3600;

export interface WorkflowTemplatesChartProps {
  readonly site: SiteConfig;
  readonly actions: readonly Action[];
  /** Each becomes a CronWorkflow of its action's template. @default - none */
  readonly schedules?: readonly Schedule[];
  readonly composites?: readonly CompositeAction[];
  /** Each one WorkflowTemplate (a composite). @default - none */
  readonly runbooks?: readonly Runbook[];
  readonly semaphores: SemaphoreConfigMap;
  /** Add the alert routes' fan-out template (`opsflow-alert-fan-out`). @default false */
  readonly alertFanOut?: boolean;
}

/**
 * workflowtemplates/: one WorkflowTemplate per action, per composite and per runbook, each with its own ServiceAccount, the
 * dead-letter template every Sensor trigger falls back to, and one CronWorkflow per schedule.
 */
export class WorkflowTemplatesChart extends Chart {
  /** The templates by action name, for triggers and CronWorkflows to bind to. */
  readonly templates: ReadonlyMap<string, WorkflowTemplate>;
  readonly deadLetter: DeadLetterTemplate;
  readonly alertFanOut?: AlertFanOutTemplate;

  constructor(scope: Construct, id: string, props: WorkflowTemplatesChartProps) {
    super(scope, id, { namespace: props.site.namespace });
    this.deadLetter = new DeadLetterTemplate(this, 'dead-letter');
    if (props.alertFanOut) this.alertFanOut = new AlertFanOutTemplate(this, 'alert-fan-out');
    this.templates = new Map([
      ...props.actions.map(
        (action) => [action.name, actionWorkflowTemplate(this, props.site, action, props.semaphores)] as const,
      ),
      ...(props.composites ?? []).map(
        (composite) =>
          [composite.name, compositeWorkflowTemplate(this, props.site, composite, props.semaphores)] as const,
      ),
      ...(props.runbooks ?? []).map(
        (runbook) => [runbook.name, runbookWorkflowTemplate(this, props.site, runbook, props.semaphores)] as const,
      ),
    ]);
    // What each role may do with each template, for the people signed in as one (opsflow me, describe).
    if (props.site.roles.length > 0) {
      const approval = new Map<string, boolean>([
        ...props.actions.map((action) => [action.name, action.approval === true] as const),
        ...[...(props.composites ?? []), ...(props.runbooks ?? []).map(runbookComposite)].map(
          (composite) => [composite.name, hasApproval(composite)] as const,
        ),
      ]);
      for (const [name, template] of this.templates) {
        const access = actionAccess(props.site.roles, name, approval.get(name) ?? false);
        template.addAnnotation(ACCESS_ANNOTATION, JSON.stringify(access));
      }
    }
    for (const schedule of props.schedules ?? []) {
      const template = this.templates.get(schedule.action.name);
      if (!template)
        throw new Error(`schedule ${schedule.name}: action "${schedule.action.name}" is not in the catalog`);
      const { schedule: cron, timezone } = schedule.when(props.site);
      new CronWorkflow(this, `schedule-${schedule.name}`, {
        name: schedule.name,
        title: schedule.title,
        description: schedule.description,
        schedules: [cron],
        timezone,
        concurrencyPolicy: 'Forbid',
        workflowTemplate: template,
        arguments: Object.fromEntries(
          Object.entries(schedule.arguments ?? {}).map(([name, value]) => [name, String(value)]),
        ),
      });
    }
  }
}

/** `main` runs the optional approval, then the step with the Workflow's parameters. */
export function actionWorkflowTemplate(
  scope: Construct,
  site: SiteConfig,
  action: Action,
  semaphores: SemaphoreConfigMap,
): WorkflowTemplate {
  const access = stepAccess(site, action.step.system, action.step.name);
  const serviceAccount = new WorkloadServiceAccount(scope, `${action.name}-service-account`, {
    name: `opsflow-workflow-${action.name}`,
    annotations: access.serviceAccountAnnotations,
  });
  serviceAccount.grant(EXECUTOR_RULE);
  const rules = inClusterRules(action, site);
  if (rules.length > 0 && site.kubernetes.clusters.some((cluster) => cluster.inCluster)) {
    serviceAccount.grantCluster(...rules);
  }

  const run = actionStepTemplate(site, action.step.name, action, semaphores);
  const approvals = approvalTermsByRole(site.roles, action.name, action.approval ?? false);
  const guard = runGuard(scope, site, action, serviceAccount, approvals);
  const approval = guard?.approvals || action.approval ? approvalGate(scope, site, serviceAccount) : undefined;
  const main = stepsTemplate('main', [
    ...(guard ? [[guard.call]] : []),
    ...(approval ? [[approvalCall(approval.gate.name!, guard?.approvals === true)]] : []),
    [callWithWorkflowParameters('run', run)],
  ]);
  const template = new WorkflowTemplate(scope, action.name, {
    name: action.name,
    title: action.title,
    description: action.description,
    entrypoint: 'main',
    serviceAccountName: serviceAccount.name,
    parameters: [...parametersFromSchema(action.step.input), ...(action.step.mutating ? [DRY_RUN_PARAMETER] : [])],
    templates: [main, run, ...(approval?.templates ?? []), ...(guard ? [guard.template] : [])],
    // Derived from the step's timeout, so it cannot fall behind it (the template's validation checks an explicit one).
    activeDeadlineSeconds:
      action.deadlineSeconds ??
      retryWindow(run)!.seconds +
        (approval || action.maxParallel !== undefined ? waitSeconds(Object.values(approvals)) : 0),
    artifactRepository: site.artifacts.repository,
    targetParameters: targetParameters(action.step.input, action.mutex?.by),
  });
  if (action.mutex) template.addTargetMutex(action.mutex.prefix, action.mutex.by);
  return template;
}

/** What a run acts on, for its `opsflow.io/target` label: the parameters of its target mutex, else its required ones. */
export function targetParameters(input: z.core.$ZodObject, mutexBy: readonly string[] | undefined): readonly string[] {
  return mutexBy ?? parametersFromSchema(input).flatMap((parameter) => (parameter.required ? [parameter.name] : []));
}

/** What the run-limit guard needs in the namespace: its Workflow's labels, and the count ConfigMaps. */
export const GUARD_RULES = [
  { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create', 'update'] },
] as const;

/**
 * The first node of an action some role limits or has approved: `opsflow-step kubernetes run-guard` counts the run
 * on the cluster opsflow runs in (docs/governance.md, "Run limits"), before any approval or change, and says from
 * the run's `opsflow.io/role` label whether it waits for an approval and on what terms. The template's own
 * ServiceAccount reads its Workflow's labels and keeps the count in ConfigMaps.
 */
function runGuard(
  scope: Construct,
  site: SiteConfig,
  action: Action,
  serviceAccount: WorkloadServiceAccount,
  approvals: Record<string, ApprovalTerms>,
) {
  const limits = actionLimits(site.roles, action.name);
  if (Object.keys(limits).length === 0 && Object.keys(approvals).length === 0) return undefined;
  const cluster = site.kubernetes.clusters.find((candidate) => candidate.inCluster);
  if (!cluster) {
    scope.node.addValidation({
      validate: () => [
        `action ${action.name}: run limits and approvals need a cluster with inCluster: true to count runs on`,
      ],
    });
    return undefined;
  }
  serviceAccount.grant(...GUARD_RULES);
  const template = stepTemplate({
    site,
    system: 'kubernetes',
    step: 'run-guard',
    name: 'run-guard',
    input: RunGuardInput,
    outputs: runGuardStep.outputs,
  });
  const values: Record<keyof RunGuardInput | typeof DRY_RUN_INPUT, string> = {
    cluster: cluster.name,
    namespace: '{{workflow.namespace}}',
    workflow: '{{workflow.name}}',
    action: action.name,
    limits: JSON.stringify(limits),
    approvals: JSON.stringify(approvals),
    // A dry run of the action is checked against the limits but not counted.
    [DRY_RUN_INPUT]: action.step.mutating ? `{{workflow.parameters.${DRY_RUN_INPUT}}}` : 'false',
  };
  const call = {
    name: 'run-guard',
    template: template.name,
    arguments: { parameters: Object.entries(values).map(([name, value]) => ({ name, value })) },
  };
  return { template, call, approvals: Object.keys(approvals).length > 0 };
}

/**
 * The approval step of an action: after a guard, only when the guard says this run's role needs one, with the
 * terms it picked; without a guard (a site without approving roles), always, waiting for a person.
 */
function approvalCall(gate: string, guarded: boolean): WorkflowStep {
  const output = (name: string) => `{{steps.run-guard.outputs.parameters.${name}}}`;
  return guarded
    ? {
        name: 'approval',
        template: gate,
        // Bare words compare as strings in `when` (workflow/controller/steps.go shouldExecute, v4.1.2).
        when: `${output('approval')} == required`,
        arguments: gateArguments(output('approvalTimeout'), output('approvalTerms')),
      }
    : { name: 'approval', template: gate, arguments: gateArguments('', '') };
}

/** What a run may wait for an approval or a slot: an hour, or the longest approval timeout when that is longer. */
export function waitSeconds(terms: readonly ApprovalTerms[]): number {
  return Math.max(WAIT_ALLOWANCE_SECONDS, ...terms.map((t) => (t.timeout ? windowSeconds(t.timeout) : 0)));
}

/**
 * The step template of a catalog action, under `name`: what its own WorkflowTemplate runs, and what a composite
 * runs for it. The limit is taken by the step itself, inside the Workflow-level target mutex: only Workflows that
 * own their target queue for a slot (docs/generator.md, "Locks").
 */
export function actionStepTemplate(
  site: SiteConfig,
  name: string,
  action: Action,
  semaphores: SemaphoreConfigMap,
): Template {
  return stepTemplate({
    name,
    site,
    system: action.step.system,
    step: action.step.name,
    input: action.step.input,
    outputs: action.step.outputs,
    files: action.step.files,
    cappedFiles: action.step.cappedFiles,
    mutating: action.step.mutating,
    tmpSize: action.tmpSize,
    resources: action.resources && {
      requests: { ...action.resources.requests },
      limits: { ...action.resources.limits },
    },
    timeoutSeconds: action.stepSeconds,
    semaphore: action.maxParallel === undefined ? undefined : semaphores.share(action.name, action.maxParallel),
  });
}
