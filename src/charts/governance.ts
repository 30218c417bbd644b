import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Action } from '../catalog/action.js';
import type { Automation } from '../catalog/automation.js';
import { type CompositeAction, hasApproval } from '../catalog/composite.js';
import type { SiteConfig } from '../catalog/site.js';
import { routedParameterPatterns } from '../constructs/events/alert-routing.js';
import type { Sensor } from '../constructs/events/sensor.js';
import type { IWorkflowTemplate } from '../constructs/workflow-template-ref.js';
import { admissionRules, decisionRules, type GovernedCaller } from '../governance/admission.js';
import { approvalTermsByRole, approvingRoles } from '../governance/approval.js';
import { WorkflowAdmissionPolicy } from '../governance/policy.js';
import { grantsOf, type ParameterConstraint, type Role, roleServiceAccountName } from '../governance/role.js';
import { RoleSignIn } from '../governance/sign-in.js';
import type { SensorsChart } from './sensors.js';

export interface GovernanceChartProps {
  readonly site: SiteConfig;
  /** The single-step actions: their templates start with the run-limit guard. */
  readonly actions: readonly Action[];
  /** A role may run them too, without run limits or approvals of its own (they have no guard step). */
  readonly composites: readonly CompositeAction[];
  /** The WorkflowTemplates by action name (`WorkflowTemplatesChart.templates`), for their parameters. */
  readonly templates: ReadonlyMap<string, IWorkflowTemplate>;
  /** Where Sensors send what they could not deliver (`WorkflowTemplatesChart.deadLetter`). */
  readonly deadLetter: IWorkflowTemplate;
  readonly automations: readonly Automation[];
  /** The Sensors by automation name (`SensorsChart.sensors`): their ServiceAccounts create Workflows too. */
  readonly sensors: ReadonlyMap<string, Sensor>;
  /** The alert routes' Sensor and fan-out (`SensorsChart.alertRoutes`): both create Workflows. @default - none */
  readonly alertRoutes?: SensorsChart['alertRoutes'];
}

/** Name of the ValidatingAdmissionPolicy and its binding. */
export const ADMISSION_POLICY = 'opsflow-workflow-admission';
/** The policy on Workflow updates: who may decide an approval. */
export const DECISION_POLICY = 'opsflow-workflow-decisions';

/**
 * Who may decide a run, by `<requester role>/<template>` (`*` for any other run): the same terms the run-guard
 * picks for the run (src/governance/approval.ts approvalTermsByRole), and any approving role for a composite's
 * approval task.
 */
function deciders(
  roles: readonly Role[],
  actions: readonly Action[],
  composites: readonly CompositeAction[],
): Map<string, readonly string[]> {
  const map = new Map<string, readonly string[]>();
  for (const action of actions) {
    const terms = approvalTermsByRole(roles, action.name, action.approval ?? false);
    for (const [role, { by }] of Object.entries(terms)) map.set(`${role}/${action.name}`, by);
  }
  const approvers = approvingRoles(roles);
  for (const composite of composites) {
    if (hasApproval(composite) && approvers.length > 0) map.set(`*/${composite.name}`, approvers);
  }
  return map;
}

/**
 * The site's roles: per role the SSO sign-in (ServiceAccount, token Secret, Role, RoleBinding), and one
 * ValidatingAdmissionPolicy over every Workflow a role's or an automation's ServiceAccount creates
 * (docs/governance.md). Its objects land in charts/platform.
 */
export class GovernanceChart extends Chart {
  constructor(scope: Construct, id: string, props: GovernanceChartProps) {
    super(scope, id, { namespace: props.site.namespace });
    const { site } = props;
    const guarded = new Set(props.actions.map((action) => action.name));
    this.node.addValidation({ validate: () => roleErrors(site.roles, props.templates, guarded) });
    if (site.roles.length === 0) return;
    for (const role of site.roles) {
      new RoleSignIn(this, `role-${role.name}`, { role, namespace: site.namespace, artifacts: site.artifacts });
    }
    const actionNames = [...props.actions.map((action) => action.name), ...props.composites.map((c) => c.name)];
    const username = (serviceAccount: string) => `system:serviceaccount:${site.namespace}:${serviceAccount}`;
    const callers: GovernedCaller[] = [
      ...site.roles.map((role) => ({
        username: username(roleServiceAccountName(role)),
        who: `role ${role.name}`,
        role: role.name,
        templates: new Map([...grantsOf(role, actionNames)].map(([name, grant]) => [name, grant.parameters])),
      })),
      // A Sensor creates its action's Workflow, or the dead-letter one when that fails (docs/events.md).
      ...props.automations.flatMap((automation) => {
        const sensor = props.sensors.get(automation.name);
        return sensor
          ? [
              {
                username: username(sensor.serviceAccount.name),
                who: `automation ${automation.name}`,
                templates: new Map([
                  [automation.action.name, {}],
                  [props.deadLetter.templateName, {}],
                ]),
              },
            ]
          : [];
      }),
      ...alertRouteCallers(props.alertRoutes, props.deadLetter, username),
    ];
    const templateParameters = new Map(
      [...props.templates.values(), props.deadLetter, ...(props.alertRoutes ? [props.alertRoutes.fanOut] : [])].map(
        (template) => [template.templateName, template.parameters.map((parameter) => parameter.name)],
      ),
    );
    new WorkflowAdmissionPolicy(this, 'admission', {
      name: ADMISSION_POLICY,
      namespace: site.namespace,
      rules: admissionRules(callers, templateParameters),
    });
    new WorkflowAdmissionPolicy(this, 'decisions', {
      name: DECISION_POLICY,
      namespace: site.namespace,
      rules: decisionRules(
        site.roles.map((role) => ({ username: username(roleServiceAccountName(role)), role: role.name })),
        deciders(site.roles, props.actions, props.composites),
      ),
    });
  }
}

/**
 * The alert routes' Sensor creates fan-out Workflows (or dead letters); the fan-out's ServiceAccount creates and
 * patches (`kubectl apply`) the routes' runs, each parameter only with the values some route gives it (a constant,
 * or a label matching the route's pattern) and none a route does not set. A child Workflow created by a Workflow's
 * resource template is admitted as its creator, that ServiceAccount, so it is covered only by being listed here.
 */
function alertRouteCallers(
  alertRoutes: SensorsChart['alertRoutes'],
  deadLetter: IWorkflowTemplate,
  username: (serviceAccount: string) => string,
): GovernedCaller[] {
  if (!alertRoutes) return [];
  const { sensor, routes, fanOut } = alertRoutes;
  const patterns = routedParameterPatterns(routes);
  const templates = new Map(
    routes.map((route) => {
      const routed = patterns.get(route.template.templateName)!;
      const constraints: Record<string, ParameterConstraint> = Object.fromEntries(
        route.template.parameters.map((parameter) => {
          const values = routed.get(parameter.name);
          return [parameter.name, values ? { pattern: values.join('|') } : 'absent'];
        }),
      );
      return [route.template.templateName, constraints] as const;
    }),
  );
  return [
    {
      username: username(sensor.serviceAccount.name),
      who: `automation ${sensor.name}`,
      templates: new Map([
        [fanOut.templateName, {}],
        [deadLetter.templateName, {}],
      ]),
    },
    { username: username(fanOut.serviceAccount.name), who: 'alert fan-out', templates, updates: true },
  ];
}

/** Declarations the catalog cannot honour, each naming the role, the action and the field. */
export function roleErrors(
  roles: readonly Role[],
  templates: ReadonlyMap<string, IWorkflowTemplate>,
  guarded: ReadonlySet<string>,
): string[] {
  const roleNames = new Map(roles.map((role) => [role.name, role]));
  const errors: string[] = [];
  for (const role of roles) {
    if (role.actions === 'all') continue;
    for (const [actionName, grant] of Object.entries(role.actions)) {
      const at = `role ${role.name}, action ${actionName}`;
      const template = templates.get(actionName);
      if (!template) {
        errors.push(`${at}: not an action of the catalog`);
        continue;
      }
      if (typeof grant === 'boolean') continue;
      if ((grant.perCaller || grant.overall) && !guarded.has(actionName)) {
        errors.push(
          `${at}, field perCaller/overall: run limits apply to single-step actions; ${actionName} has no guard step`,
        );
      }
      if (grant.approval && !guarded.has(actionName)) {
        errors.push(
          `${at}, field approval: a role's approval applies to single-step actions; ${actionName} waits where its own approval task is`,
        );
      }
      const parameters = new Set(template.parameters.map((parameter) => parameter.name));
      for (const parameter of Object.keys(grant.parameters)) {
        if (!parameters.has(parameter)) {
          errors.push(
            `${at}, field parameters.${parameter}: ${actionName} has no such parameter (it has ${[...parameters].join(', ')})`,
          );
        }
      }
      if (grant.approval) {
        const approver = roleNames.get(grant.approval.by);
        if (!approver) errors.push(`${at}, field approval.by: no role is named "${grant.approval.by}"`);
        else if (!approver.approves) {
          errors.push(`${at}, field approval.by: role "${grant.approval.by}" does not approve (set approves: true)`);
        }
      }
    }
  }
  return errors;
}
