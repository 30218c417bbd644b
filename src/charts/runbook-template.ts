import type { Construct } from 'constructs';
import { type Runbook, runbookComposite } from '../catalog/runbook.js';
import type { SiteConfig } from '../catalog/site.js';
import type { SemaphoreConfigMap } from '../constructs/platform/semaphores.js';
import { parametersFromSchema } from '../constructs/workflows/parameters.js';
import type { WorkflowTemplate } from '../constructs/workflows/workflow-template.js';
import { compositeWorkflowTemplate } from './composite-template.js';

/**
 * A runbook's WorkflowTemplate: its composite (src/catalog/runbook.ts), and the checks only a runbook has: the
 * alert's labels are parameters without defaults, and each suggestion names a diagnosis, one of its outputs and
 * a remediation of the runbook.
 */
export function runbookWorkflowTemplate(
  scope: Construct,
  site: SiteConfig,
  runbook: Runbook,
  semaphores: SemaphoreConfigMap,
): WorkflowTemplate {
  const template = compositeWorkflowTemplate(scope, site, runbookComposite(runbook), semaphores);
  template.node.addValidation({
    validate: () => runbookErrors(runbook).map((error) => `WorkflowTemplate ${runbook.name}: ${error}`),
  });
  return template;
}

export function runbookErrors(runbook: Runbook): string[] {
  const errors: string[] = [];
  const parameters = parametersFromSchema(runbook.input);
  for (const label of runbook.alert.labels) {
    const parameter = parameters.find((candidate) => candidate.name === label);
    if (!parameter) errors.push(`alert label "${label}" is not a parameter`);
    else if (!parameter.required) errors.push(`alert label "${label}" has a default: a run without it must be refused`);
  }
  runbook.suggestions.forEach((rule, index) => {
    const at = `suggestions[${index}]`;
    const diagnosis = runbook.diagnoses.find((candidate) => candidate.name === rule.diagnosis);
    const outputs = [...Object.keys(diagnosis?.action.step.outputs ?? {}), 'result'];
    if (!diagnosis) errors.push(`${at}: diagnosis "${rule.diagnosis}" is not one of the runbook's`);
    else if (!outputs.includes(rule.output)) {
      errors.push(`${at}: diagnosis "${rule.diagnosis}" has no output "${rule.output}" (it has ${outputs.join(', ')})`);
    }
    if (!runbook.remediations.some((remediation) => remediation.name === rule.remediation)) {
      errors.push(`${at}: remediation "${rule.remediation}" is not one of the runbook's`);
    }
  });
  return errors;
}
