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
