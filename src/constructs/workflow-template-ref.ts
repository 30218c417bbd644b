import { problem } from './validation.js';

/**
 * What a Sensor trigger needs to know about a WorkflowTemplate: its name and its parameters. The WorkflowTemplate
 * construct implements it; triggers map event values onto these parameters by name and check them at synth.
 */
export interface WorkflowTemplateParameter {
  readonly name: string;
  /** True when the parameter has no default: a Workflow created from the template must set it. */
  readonly required: boolean;
  readonly enum?: readonly string[];
}

export interface IWorkflowTemplate {
  /** metadata.name, also the `workflowTemplateRef.name` of Workflows created from it. */
  readonly templateName: string;
  readonly namespace: string;
  readonly parameters: readonly WorkflowTemplateParameter[];
}

/**
 * What is wrong with arguments given to a WorkflowTemplate by parameter name (a trigger's mapping, a CronWorkflow's
 * arguments): names the template does not have, required parameters left unset, fixed values outside the enum.
 * `given` maps each name to its fixed value, or to `undefined` when the value only comes at run time (an event).
 */
export function argumentProblems(
  template: IWorkflowTemplate,
  given: ReadonlyMap<string, string | undefined>,
  field: (name: string) => string,
): string[] {
  const known = new Map(template.parameters.map((parameter) => [parameter.name, parameter]));
  const errors: string[] = [];
  for (const [name, value] of given) {
    const parameter = known.get(name);
    if (!parameter) {
      const names = [...known.keys()].join(', ');
      errors.push(
        problem(
          field(name),
          `is not a parameter of WorkflowTemplate ${template.templateName} (parameters: ${names})`,
          name,
        ),
      );
    } else if (value !== undefined && parameter.enum && !parameter.enum.includes(value)) {
      errors.push(problem(field(name), `must be one of ${parameter.enum.join(', ')}`, value));
    }
  }
  for (const parameter of template.parameters) {
    if (parameter.required && !given.has(parameter.name)) {
      errors.push(
        problem(
          field(parameter.name),
          `is required by WorkflowTemplate ${template.templateName} but not set`,
          undefined,
        ),
      );
    }
  }
  return errors;
}

/**
 * The WorkflowSpec fields a Workflow may set beside `workflowTemplateRef` when the controller runs with
 * `workflowRestrictions: templateReferencing: Strict` or `Secure`: argo-workflows v4.1.2 workflow/util/merge.go
 * (`allowedUserOverrideFields`, checked by `ValidateUserOverrides` from workflow/controller/operator.go
 * `setExecWorkflow`; docs/workflow-restrictions.md). Any other field errors the Workflow there, so it belongs in the
 * WorkflowTemplate.
 */
export const TEMPLATE_REF_OVERRIDABLE_FIELDS: readonly string[] = [
  'arguments',
  'entrypoint',
  'shutdown',
  'suspend',
  'activeDeadlineSeconds',
  'priority',
  'ttlStrategy',
  'podGC',
  'volumeClaimGC',
  'archiveLogs',
  'workflowMetadata',
  'workflowTemplateRef',
  'metrics',
  'artifactGC',
];

/** Fields of an allowed `artifactGC` that stay refused: they reach the GC pod (merge.go `artifactGCOverrideViolations`). */
const ARTIFACT_GC_REFUSED_FIELDS = ['podSpecPatch', 'serviceAccountName', 'podMetadata'];

/**
 * What a Workflow spec that references a WorkflowTemplate (a CronWorkflow's `workflowSpec`, the Workflow a trigger
 * creates) sets beyond what `templateReferencing: Strict`/`Secure` lets it: one problem per field, with its value.
 * Upstream refuses any non-zero value, so every field present counts, even an empty one.
 */
export function templateReferencingProblems(spec: Readonly<Record<string, unknown>>, field: string): string[] {
  const refused = (key: string, value: unknown) =>
    problem(
      `${field}.${key}`,
      'must not be set beside workflowTemplateRef: a controller with templateReferencing Strict or Secure errors ' +
        'the Workflow (argo-workflows workflow/util/merge.go); set it in the WorkflowTemplate',
      value,
    );
  const errors = Object.entries(spec)
    .filter(([key, value]) => value !== undefined && !TEMPLATE_REF_OVERRIDABLE_FIELDS.includes(key))
    .map(([key, value]) => refused(key, value));
  const artifactGC = spec.artifactGC as Readonly<Record<string, unknown>> | undefined;
  for (const key of ARTIFACT_GC_REFUSED_FIELDS) {
    if (artifactGC?.[key] !== undefined) errors.push(refused(`artifactGC.${key}`, artifactGC[key]));
  }
  return errors;
}
