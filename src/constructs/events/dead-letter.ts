import { Construct } from 'constructs';
import { WorkloadServiceAccount } from '../platform/service-account.js';
import type { IWorkflowTemplate } from '../workflow-template-ref.js';
import type { ParameterSpec } from '../workflows/parameters.js';
import { WorkflowTemplate } from '../workflows/workflow-template.js';

/** The dead-letter template's name; every Sensor trigger's `dlqTrigger` creates a Workflow from it. */
export const DEAD_LETTER_TEMPLATE = 'opsflow-dead-letter';
/** Label on every dead-letter Workflow: `argo list -l opsflow.io/dead-letter` finds them all. */
export const DEAD_LETTER_LABEL = 'opsflow.io/dead-letter';
/** How long a dead letter stays Running (suspended) before it turns Failed, so it shows in red. */
export const DEAD_LETTER_DEADLINE_SECONDS = 60;

/** What a dead-letter Workflow carries, as its parameters (shown in the Argo UI under Inputs). */
const PARAMETERS: readonly ParameterSpec[] = [
  { name: 'sensor', required: true, description: 'The Sensor whose trigger gave up' },
  { name: 'trigger', required: true, description: 'The trigger that could not create its Workflow' },
  { name: 'workflowTemplate', required: true, description: 'The WorkflowTemplate the Workflow was to run' },
  { name: 'event', required: true, description: 'The event data (JSON) the trigger read, to replay or run by hand' },
];

export interface DeadLetterTemplateProps {
  /** @default 'opsflow-dead-letter' */
  readonly name?: string;
}

/**
 * Where an event ends up when a Sensor trigger could not create its Workflow after every retry: a Workflow of this
 * template, labelled `opsflow.io/dead-letter`, whose parameters hold the Sensor, trigger, template and event. It
 * runs no pod (one `suspend` step), so the Sensor needs nothing beyond the `create workflows` it has already, and no
 * image is pulled. Past its one-minute deadline Argo fails a suspended step ("Step exceeded its deadline",
 * Argo Workflows v4.1.2 workflow/controller/operator.go failNodesWithoutCreatedPodsAfterDeadlineOrShutdown), so a
 * dead letter shows in red in the Argo UI and stays there as long as failed Workflows are kept (7 days).
 */
export class DeadLetterTemplate extends Construct implements IWorkflowTemplate {
  readonly templateName: string;
  readonly namespace: string;
  readonly parameters: readonly ParameterSpec[] = PARAMETERS;

  constructor(scope: Construct, id: string, props: DeadLetterTemplateProps = {}) {
    super(scope, id);
    this.templateName = props.name ?? DEAD_LETTER_TEMPLATE;
    // No pod ever runs as it: no token, no rules; Argo only needs the name to exist.
    const serviceAccount = new WorkloadServiceAccount(this, 'ServiceAccount', {
      name: `opsflow-workflow-${this.templateName.replace(/^opsflow-/, '')}`,
      automountToken: false,
    });
    const template = new WorkflowTemplate(this, 'Resource', {
      name: this.templateName,
      title: 'Dead letter: an event whose Workflow could not be created',
      description:
        'Created by a Sensor when its trigger could not create the Workflow after every retry (API server down, ' +
        'admission refusal...). The parameters name the Sensor, the trigger, the WorkflowTemplate and the event ' +
        'data: run the action by hand (`argo submit --from workflowtemplate/<workflowTemplate> -p ...`) or replay ' +
        'the event (`opsflow events replay`), then delete this Workflow. It fails on purpose after one minute so ' +
        'that it shows in red.',
      entrypoint: 'dead-letter',
      internal: true,
      serviceAccountName: serviceAccount.name,
      parameters: PARAMETERS,
      templates: [{ name: 'dead-letter', suspend: {} }],
      activeDeadlineSeconds: DEAD_LETTER_DEADLINE_SECONDS,
    });
    this.namespace = template.namespace;
  }
}
