import { type App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import type { IWorkflowTemplate } from '../../../src/constructs/workflow-template-ref.js';

/** A Kubernetes object as synthesized (plain JSON). */
// biome-ignore lint/suspicious/noExplicitAny: tests walk arbitrary manifests
export type Manifest = Record<string, any>;

export function newChart(namespace = 'opsflow'): { app: App; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'test', { namespace }) };
}

/** Synthesize the app the way `npm run synth` does: validation first, so errors surface here. */
export function synth(app: App): Manifest[] {
  return parseAllDocuments(app.synthYaml()).map((doc) => doc.toJSON() as Manifest);
}

export function find(objects: Manifest[], kind: string, name: string): Manifest {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found)
    throw new Error(`no ${kind} ${name} in ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

/** The validation errors synth reports, one per line. */
export function synthErrors(app: App): string[] {
  try {
    app.synthYaml();
  } catch (error) {
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.trim());
  }
  return [];
}

/** The parameters of the `openshift-workload-restart` WorkflowTemplate as the IWorkflowTemplate contract sees them. */
export const restartTemplate: IWorkflowTemplate = {
  templateName: 'openshift-workload-restart',
  namespace: 'opsflow',
  parameters: [
    { name: 'cluster', required: true },
    { name: 'namespace', required: true },
    { name: 'kind', required: true, enum: ['Deployment', 'StatefulSet', 'DaemonSet', 'Pod'] },
    { name: 'name', required: true },
    { name: 'wait', required: false, enum: ['true', 'false'] },
    { name: 'timeoutSeconds', required: false },
  ],
};
