import { Construct } from 'constructs';
import { AUTOMATION_LABEL } from '../catalog/automation.js';
import { ALERT_ROUTES_AUTOMATION, RUN_HASH_LENGTH } from '../constructs/events/alert-routing.js';
import { WorkloadServiceAccount } from '../constructs/platform/service-account.js';
import type { IWorkflowTemplate } from '../constructs/workflow-template-ref.js';
import type { ParameterSpec } from '../constructs/workflows/parameters.js';
import { WorkflowTemplate } from '../constructs/workflows/workflow-template.js';
import { EVENT_ANNOTATION } from '../governance/audit.js';
import { EXECUTOR_RULE } from './workflowtemplates.js';

/** The fan-out template's name: the `alert-routes` Sensor creates one Workflow of it per notification. */
export const ALERT_FAN_OUT_TEMPLATE = 'opsflow-alert-fan-out';
/** Label on every Workflow a route starts: `argo list -l opsflow.io/alert-route=<route>`. */
export const ALERT_ROUTE_LABEL = 'opsflow.io/alert-route';
/** What the fan-out's ServiceAccount may do with Workflows: `kubectl apply` reads, then creates or patches. */
export const FAN_OUT_WORKFLOW_VERBS = ['get', 'create', 'patch'] as const;
/** A child run may need this long to be accepted (admission, API server restarts) before the fan-out fails. */
const FAN_OUT_DEADLINE_SECONDS = 600;
/** 4 retries, 10 s doubling: the last one 150 s after the first failure. */
const RUN_RETRY = { limit: 4, retryPolicy: 'Always', backoff: { duration: '10s', factor: 2 } } as const;

const PARAMETERS: readonly ParameterSpec[] = [
  {
    name: 'runs',
    required: true,
    description:
      'JSON list of the runs to start, one per firing alert and matching route: {route, template, key, parameters}',
  },
  { name: 'groupKey', required: true, description: "Alertmanager's group key of the notification" },
];

/**
 * One Workflow per Alertmanager notification that starts one child Workflow per firing alert and matching route
 * (`runs`, computed by the `alert-routes` Sensor's transform). Each child is named
 * `<template>-<first 20 hex of sha256(key)>`, `key` being route, group key, fingerprint and startsAt, and is
 * created by a resource template with `action: apply`: Argo's executor runs `kubectl apply -f <manifest>`
 * (argo-workflows v4.1.2 workflow/executor/resource.go `getKubectlArguments`/`ExecResource`), which creates the
 * Workflow when the name is new and otherwise applies the same manifest again, a no-op that succeeds; `create`
 * would run `kubectl create`, whose AlreadyExists is not a transient error there, so the node would fail.
 * A re-sent alert thus starts no second run, and the fan-out of a notification that a new alert joined starts
 * only the new alert's.
 *
 * Its ServiceAccount may get, create and patch Workflows and report results, nothing else; the admission policy
 * admits only the routes' templates and values from it (src/governance/admission.ts). The children run as their
 * own templates' ServiceAccounts.
 */
export class AlertFanOutTemplate extends Construct implements IWorkflowTemplate {
  readonly templateName: string = ALERT_FAN_OUT_TEMPLATE;
  readonly namespace: string;
  readonly parameters: readonly ParameterSpec[] = PARAMETERS;
  readonly serviceAccount: WorkloadServiceAccount;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.serviceAccount = new WorkloadServiceAccount(this, 'ServiceAccount', {
      name: `opsflow-workflow-${ALERT_FAN_OUT_TEMPLATE.replace(/^opsflow-/, '')}`,
    });
    this.serviceAccount.grant(EXECUTOR_RULE, {
      apiGroups: ['argoproj.io'],
      resources: ['workflows'],
      verbs: [...FAN_OUT_WORKFLOW_VERBS],
    });
    const input = (name: string) => `{{inputs.parameters.${name}}}`;
    const template = new WorkflowTemplate(this, 'Resource', {
      name: ALERT_FAN_OUT_TEMPLATE,
      title: 'Alert fan-out: one run per firing alert of a notification',
      description:
        'Created by the `alert-routes` Sensor for each Alertmanager notification with firing alerts that a route ' +
        "matches. Starts one Workflow per alert and route (`runs`), named after the group key, the alert's " +
        'fingerprint and startsAt, so an alert Alertmanager sends again starts nothing new (docs/automations.md).',
      entrypoint: 'main',
      internal: true,
      serviceAccountName: this.serviceAccount.name,
      parameters: PARAMETERS,
      templates: [
        {
          name: 'main',
          steps: [
            [
              {
                name: 'start',
                template: 'start',
                withParam: '{{workflow.parameters.runs}}',
                arguments: {
                  parameters: ['route', 'template', 'key', 'parameters'].map((name) => ({
                    name,
                    value: `{{item.${name}}}`,
                  })),
                },
              },
            ],
          ],
        },
        {
          name: 'start',
          inputs: { parameters: ['route', 'template', 'key', 'parameters'].map((name) => ({ name })) },
          // The executor retries only transient kubectl errors, briefly; an apply may be repeated, so ride out an
          // API server restart (or a refusal fixed meanwhile) for about 2.5 minutes, within the deadline.
          retryStrategy: RUN_RETRY,
          resource: {
            action: 'apply',
            // JSON (a YAML subset): `parameters` lands as the JSON list the Sensor's transform built, since Argo
            // quotes each value into the template's JSON and the manifest string reads back as the raw text
            // (argo-workflows v4.1.2 util/template/simple_template.go); a list item field is its JSON
            // (workflow/controller/operator.go processItem).
            manifest: JSON.stringify({
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Workflow',
              metadata: {
                name: `${input('template')}-{{=sprig.trunc(${RUN_HASH_LENGTH}, sprig.sha256sum(inputs.parameters.key))}}`,
                namespace: '{{workflow.namespace}}',
                labels: { [AUTOMATION_LABEL]: ALERT_ROUTES_AUTOMATION, [ALERT_ROUTE_LABEL]: input('route') },
                // Why: the alert (route, group key, fingerprint, startsAt), the same on every apply of this child;
                // as JSON, since a group key holds quotes.
                annotations: { [EVENT_ANNOTATION]: '@EVENT@' },
              },
              spec: { workflowTemplateRef: { name: input('template') }, arguments: { parameters: '@PARAMETERS@' } },
            })
              .replace('"@PARAMETERS@"', input('parameters'))
              .replace('"@EVENT@"', '{{=toJson(sprig.b64dec(inputs.parameters.key))}}'),
          },
        },
      ],
      activeDeadlineSeconds: FAN_OUT_DEADLINE_SECONDS,
    });
    this.namespace = template.namespace;
  }
}
