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
