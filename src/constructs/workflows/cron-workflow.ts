import { CronWorkflow as CronWorkflowModel } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/CronWorkflow';
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { cronProblems } from '../cron.js';
import { isTimeZone, problem } from '../validation.js';
import { argumentProblems, type IWorkflowTemplate, templateReferencingProblems } from '../workflow-template-ref.js';
import type { CronWorkflowSpec, WorkflowSpec } from './argo-types.js';
import { toModelShape } from './argo-types.js';
import { argoUiAnnotations, metadataErrors, modelErrors } from './workflow-spec.js';

export interface CronWorkflowProps {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** 5-field cron expressions (or `@daily`-style descriptors); v4 only knows the plural `schedules`. */
  readonly schedules: readonly string[];
  /** The template each run starts from (`workflowTemplateRef`). */
  readonly workflowTemplate: IWorkflowTemplate;
  /** Parameter values by name; each must be a parameter of the template. @default - none */
  readonly arguments?: Readonly<Record<string, string>>;
  /**
   * Further fields of each run's Workflow spec, e.g. `workflowMetadata` labels or `priority`. Only the fields a
   * Workflow may set beside `workflowTemplateRef` under `templateReferencing: Strict`/`Secure` are accepted (see
   * `TEMPLATE_REF_OVERRIDABLE_FIELDS`); anything else (`serviceAccountName`, `securityContext`, `onExit`, volumes...)
   * belongs in the WorkflowTemplate and is a synth error here.
   * @default - none: each run is the template's (deadline, TTL, pod GC, ServiceAccount...) with `arguments`
   */
  readonly workflowSpec?: Omit<WorkflowSpec, 'workflowTemplateRef' | 'arguments'>;
  /** `Forbid` skips a run while the previous one is still going; `Replace` stops it. @default 'Forbid' */
  readonly concurrencyPolicy?: 'Forbid' | 'Replace';
  /** IANA time zone of the schedules. @default 'UTC' */
  readonly timezone?: string;
  /** A run missed by more than this many seconds (controller down) is skipped. @default 300 */
  readonly startingDeadlineSeconds?: number;
}

/** An Argo CronWorkflow that runs an existing WorkflowTemplate on a schedule. */
export class CronWorkflow extends Construct {
  readonly cronWorkflowName: string;
  private readonly props: CronWorkflowProps;

  constructor(scope: Construct, id: string, props: CronWorkflowProps) {
    super(scope, id);
    this.props = props;
    this.cronWorkflowName = props.name;
    new ApiObject(this, 'Resource', {
      apiVersion: CronWorkflowModel.apiVersion,
      kind: CronWorkflowModel.kind,
      metadata: {
        name: props.name,
        annotations: argoUiAnnotations(props),
      },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.node.addValidation({ validate: () => this.validateSpec() });
  }

  private renderSpec(): CronWorkflowSpec {
    const props = this.props;
    // The template brings everything else (ServiceAccount, security context, deadline...); each run points at it.
    const workflowSpec: WorkflowSpec = {
      workflowTemplateRef: { name: props.workflowTemplate.templateName },
      arguments: {
        parameters: Object.entries(props.arguments ?? {}).map(([name, value]) => ({ name, value })),
      },
      ...props.workflowSpec,
    };
    return {
      schedules: [...props.schedules],
      concurrencyPolicy: props.concurrencyPolicy ?? 'Forbid',
      timezone: props.timezone ?? 'UTC',
      startingDeadlineSeconds: props.startingDeadlineSeconds ?? 300,
      workflowSpec,
    };
  }

  private validateSpec(): string[] {
    const props = this.props;
    const spec = this.renderSpec();
    const errors = [
      ...metadataErrors(props, props.workflowSpec ?? {}, 'spec.workflowSpec.activeDeadlineSeconds'),
      ...templateReferencingProblems(spec.workflowSpec, 'spec.workflowSpec'),
      ...(props.schedules.length === 0
        ? [problem('spec.schedules', 'must list at least one schedule', props.schedules)]
        : []),
      // Descriptors (`@daily`, `@every 1h`) are left to the CRD pattern; 5-field expressions are checked field by field.
      ...props.schedules.flatMap((schedule, i) =>
        schedule.startsWith('@')
          ? []
          : cronProblems(schedule).map((message) => problem(`spec.schedules.${i}`, message, schedule)),
      ),
      ...(isTimeZone(spec.timezone ?? 'UTC')
        ? []
        : [problem('spec.timezone', 'must be an IANA time zone such as "Europe/Paris"', spec.timezone)]),
      ...argumentProblems(
        props.workflowTemplate,
        new Map(Object.entries(props.arguments ?? {})),
        (name) => `spec.workflowSpec.arguments.parameters.${name}`,
      ),
    ];
    const shape = {
      metadata: { name: this.cronWorkflowName },
      spec: { ...spec, workflowSpec: toModelShape(spec.workflowSpec) },
    };
    const model = new CronWorkflowModel(shape);
    return [...errors, ...modelErrors(() => model.validate(), shape)].map(
      (error) => `CronWorkflow ${this.cronWorkflowName}: ${error}`,
    );
  }
}
