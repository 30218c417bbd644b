import { WorkflowTemplate as WorkflowTemplateModel } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/WorkflowTemplate';
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type { ArtifactsConfig } from '../../catalog/site.js';
import { INTERNAL_LABEL } from '../../governance/access.js';
import { TARGET_LABEL, TARGET_PARAMETERS_ANNOTATION, targetLabelExpression } from '../../governance/audit.js';
import { problem } from '../validation.js';
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

/** The fields of an Argo artifact that give it its own location (pkg/apis/workflow/v1alpha1 ArtifactLocation). */
const ARTIFACT_LOCATIONS = ['s3', 'gcs', 'azure', 'oss', 'hdfs', 'http', 'git', 'raw', 'artifactory', 'plugin'];

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
  /**
   * The artifact repository the site has (`site.artifacts.repository`). `{ configMap, key }` becomes
   * `spec.artifactRepositoryRef` when a template has output artifacts (a ref the controller cannot resolve fails
   * every Workflow, so it is left out otherwise); `none` makes any output artifact without its own location a synth
   * error, since saving it would fail the step (argo-workflows v4.1.2 workflow/executor/executor.go).
   * @default - not known: artifacts go to the namespace's default repository, unchecked
   */
  readonly artifactRepository?: ArtifactsConfig['repository'];
  /**
   * The parameters that name the run's target: the controller labels each run `opsflow.io/target` with their hash
   * (src/governance/audit.ts), so runs can be looked up per target. @default - no target label
   */
  readonly targetParameters?: readonly string[];
  /** No action for people: what a Sensor creates (labelled INTERNAL_LABEL, which `opsflow list` leaves out). @default false */
  readonly internal?: boolean;
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
  private readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: WorkflowTemplateProps) {
    super(scope, id);
    this.props = props;
    this.templateName = props.name;
    this.parameterSpecs = [...(props.parameters ?? [])];
    this.templates = [...(props.templates ?? [])];
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: WorkflowTemplateModel.apiVersion,
      kind: WorkflowTemplateModel.kind,
      metadata: {
        name: props.name,
        ...(props.internal ? { labels: { [INTERNAL_LABEL]: 'true' } } : {}),
        annotations: {
          ...argoUiAnnotations(props),
          ...(props.targetParameters?.length
            ? { [TARGET_PARAMETERS_ANNOTATION]: [...props.targetParameters].sort().join(',') }
            : {}),
        },
      },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.namespace = this.resource.metadata.namespace ?? 'default';
    this.node.addValidation({ validate: () => this.validateSpec() });
  }

  get parameters(): readonly ParameterSpec[] {
    return this.parameterSpecs;
  }

  addParameter(parameter: ParameterSpec): void {
    this.parameterSpecs.push(parameter);
  }

  /** An annotation on the WorkflowTemplate itself (what clients read of it, e.g. governance/access.ts). */
  addAnnotation(key: string, value: string): void {
    this.resource.metadata.addAnnotation(key, value);
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
    const repository = this.props.artifactRepository;
    return {
      ...renderWorkflowSpec(this.props, {
        entrypoint: this.props.entrypoint,
        serviceAccountName: this.props.serviceAccountName,
        arguments: { parameters: this.parameterSpecs.map(toArgoParameter) },
        templates: this.templates,
        synchronization: this.sync.render(),
      }),
      ...(this.props.targetParameters?.length
        ? {
            workflowMetadata: {
              labelsFrom: { [TARGET_LABEL]: { expression: targetLabelExpression(this.props.targetParameters) } },
            },
          }
        : {}),
      ...(typeof repository === 'object' && this.artifactsNeedingRepository().length > 0
        ? { artifactRepositoryRef: { configMap: repository.configMap, key: repository.key } }
        : {}),
    };
  }

  /** Output artifacts that Argo stores in the Workflow's artifact repository: those without a location of their own. */
  private artifactsNeedingRepository(): { template: string; artifact: string }[] {
    return this.templates
      .filter((template) => !template.archiveLocation)
      .flatMap((template) =>
        (template.outputs?.artifacts ?? [])
          .filter((artifact) => !ARTIFACT_LOCATIONS.some((location) => location in artifact))
          .map((artifact) => ({ template: template.name ?? '', artifact: artifact.name })),
      );
  }

  private artifactRepositoryErrors(): string[] {
    if (this.props.artifactRepository !== 'none') return [];
    return this.artifactsNeedingRepository().map(({ template, artifact }) =>
      problem(
        'site.artifacts.repository',
        `is "none", but template "${template}" saves output artifact "${artifact}", which needs an artifact ` +
          'repository (the step would fail saving it): set "default" or { configMap, key }, or drop this action',
        'none',
      ),
    );
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
      ...(this.props.targetParameters ?? [])
        .filter((name) => !this.parameterSpecs.some((parameter) => parameter.name === name))
        .map((name) => `target parameter ${name} is not a parameter of the template`),
      ...this.artifactRepositoryErrors(),
    ].map((error) => `${prefix} ${error}`);
  }
}
