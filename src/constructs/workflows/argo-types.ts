/**
 * Short names for the Argo Workflows v4 API types of @kubernetes-models/argo-workflows, plus the one fix they need:
 * the library models `ParallelSteps` as the Go struct (`{steps: [...]}`), but on the wire (and in the CRD) a
 * `steps` template is a list of lists of steps. `toModelShape` converts ours before the library's `validate()`.
 */
import type { IArguments } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Arguments';
import type { ICronWorkflowSpec } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/CronWorkflowSpec';
import type { IDAGTask } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/DAGTask';
import type { IParameter } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Parameter';
import type { IPodGC } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/PodGC';
import type { IRetryStrategy } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/RetryStrategy';
import type { ISynchronization } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Synchronization';
import type { ITemplate } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Template';
import type { ITTLStrategy } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/TTLStrategy';
import type { IWorkflowSpec } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/WorkflowSpec';
import type { IWorkflowStep } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/WorkflowStep';

export type Parameter = IParameter;
export type Arguments = IArguments;
export type RetryStrategy = IRetryStrategy;
export type Synchronization = ISynchronization;
export type TtlStrategy = ITTLStrategy;
export type PodGc = IPodGC;
export type DagTask = IDAGTask;
export type WorkflowStep = IWorkflowStep;

/** A template as written in YAML: `steps` is a list of parallel groups, each a list of steps. */
export type Template = Omit<ITemplate, 'steps'> & { steps?: WorkflowStep[][] };
export type WorkflowSpec = Omit<IWorkflowSpec, 'templates'> & { templates?: Template[] };
export type CronWorkflowSpec = Omit<ICronWorkflowSpec, 'workflowSpec'> & { workflowSpec: WorkflowSpec };

/** The library's shape of a spec, for its `validate()` (see the file comment). */
export function toModelShape(spec: WorkflowSpec): IWorkflowSpec {
  return {
    ...spec,
    templates: spec.templates?.map((template) => ({
      ...template,
      steps: template.steps?.map((group) => ({ steps: group })),
    })),
  } as IWorkflowSpec;
}
