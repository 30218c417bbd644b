import { WorkflowTemplate as WorkflowTemplateModel } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/WorkflowTemplate';
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type { IWorkflowTemplate } from '../workflow-template-ref.js';
import type { Template, WorkflowSpec } from './argo-types.js';
import { toModelShape } from './argo-types.js';
import { type ParameterSpec, parameterErrors, toArgoParameter } from './parameters.js';
import { retryWindowErrors } from './retry-window.js';
import { lockPlanErrors, SynchronizationSet } from './synchronization.js';
import { targetMutexErrors, targetMutexName } from './target-mutex.js';
import {
  argoUiAnnotations,
  metadataErrors,
  modelErrors,
  renderWorkflowSpec,
  templateReferenceErrors,
  type WorkflowSpecOptions,
} from './workflow-spec.js';

export interface WorkflowTemplateProps extends WorkflowSpecOptions {
  /** metadata.name; what `argo submit --from workflowtemplate/<name>` and triggers use. */
  readonly name: string;
  /** One line for the Argo UI list (`workflows.argoproj.io/title`). */
  readonly title: string;
  /** Markdown for the Argo UI (`workflows.argoproj.io/description`). */
  readonly description: string;
  /** Template the Workflow starts with. */
  readonly entrypoint: string;
  /** Name of the dedicated ServiceAccount every pod of the Workflow runs as. */
  readonly serviceAccountName: string;
  /** `spec.arguments.parameters`, usually from `parametersFromSchema`. @default - none; see addParameter */
  readonly parameters?: readonly ParameterSpec[];
  /** @default - none; see addTemplate */
  readonly templates?: readonly Template[];
}

/**
 * An Argo WorkflowTemplate (argoproj.io/v1alpha1) rendered lazily from typed parts, checked at synth by the
 * @kubernetes-models schema and by reference checks (entrypoint, onExit, steps), every error reported at once.
 */
export class WorkflowTemplate extends Construct implements IWorkflowTemplate {
  readonly templateName: string;
  readonly namespace: string;
  private readonly props: WorkflowTemplateProps;
  private readonly parameterSpecs: ParameterSpec[];
  private readonly templates: Template[];
  private readonly sync = new SynchronizationSet();
  private readonly targetMutexes: { prefix: string; parameters: readonly string[] }[] = [];

  constructor(scope: Construct, id: string, props: WorkflowTemplateProps) {
    super(scope, id);
    this.props = props;
    this.templateName = props.name;
    this.parameterSpecs = [...(props.parameters ?? [])];
    this.templates = [...(props.templates ?? [])];
    const resource = new ApiObject(this, 'Resource', {
      apiVersion: WorkflowTemplateModel.apiVersion,
      kind: WorkflowTemplateModel.kind,
      metadata: {
        name: props.name,
        annotations: argoUiAnnotations(props),
      },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.namespace = resource.metadata.namespace ?? 'default';
    this.node.addValidation({ validate: () => this.validateSpec() });
  }

  get parameters(): readonly ParameterSpec[] {
    return this.parameterSpecs;
  }

  addParameter(parameter: ParameterSpec): void {
    this.parameterSpecs.push(parameter);
  }

  addTemplate(...templates: Template[]): void {
    this.templates.push(...templates);
  }

  /**
   * Hold a ConfigMap semaphore (`synchronization.semaphores`) for the whole Workflow. Synth refuses it beside any
   * other lock (see `lockPlanErrors`): a limit beside a mutex goes on the step template (stepTemplate `semaphore`).
   */
  addSemaphore(ref: { name: string; key: string }): void {
    this.sync.addSemaphore(ref);
  }

  /** Hold a mutex for the whole Workflow; the name may use `{{workflow.parameters.x}}`. */
  addMutex(name: string): void {
    this.sync.addMutex(name);
  }

  /**
   * One run per target at a time: a Workflow-level mutex keyed by these parameters' values (target-mutex.ts), e.g.
   * `addTargetMutex('workload', ['cluster', 'namespace', 'kind', 'name'])`. Synth checks that no value of those
   * parameters can contain the key's separator, so two targets never share a lock.
   */
  addTargetMutex(prefix: string, parameters: readonly string[]): void {
    this.targetMutexes.push({ prefix, parameters: [...parameters] });
    this.sync.addMutex(targetMutexName(prefix, parameters));
  }

  private renderSpec(): WorkflowSpec {
    return renderWorkflowSpec(this.props, {
      entrypoint: this.props.entrypoint,
      serviceAccountName: this.props.serviceAccountName,
      arguments: { parameters: this.parameterSpecs.map(toArgoParameter) },
      templates: this.templates,
      synchronization: this.sync.render(),
    });
  }

  private validateSpec(): string[] {
    const spec = this.renderSpec();
    const prefix = `WorkflowTemplate ${this.templateName}:`;
    const shape = { metadata: { name: this.templateName }, spec: toModelShape(spec) };
    const model = new WorkflowTemplateModel(shape);
    return [
      ...metadataErrors(this.props, this.props, 'spec.activeDeadlineSeconds'),
      ...modelErrors(() => model.validate(), shape),
      ...templateReferenceErrors(spec),
      ...retryWindowErrors(spec),
      ...lockPlanErrors(spec),
      ...this.targetMutexes.flatMap((mutex) => targetMutexErrors(mutex.prefix, mutex.parameters, this.parameterSpecs)),
      ...parameterErrors(this.parameterSpecs),
    ].map((error) => `${prefix} ${error}`);
  }
}
