import { WorkflowTemplate as WorkflowTemplateModel } from '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/WorkflowTemplate';
import { modelErrors } from '../../src/constructs/workflows/workflow-spec.js';

describe('modelErrors', () => {
  it('shortens the value it shows between characters, never inside an emoji', () => {
    // JSON.stringify adds a quote: the first emoji takes UTF-16 units 199 and 200 of the shown value.
    const templates = `${'A'.repeat(198)}${'😀'.repeat(10)}`;
    const shape = { metadata: { name: 'x' }, spec: { entrypoint: 'main', templates } };
    const [error] = modelErrors(() => new WorkflowTemplateModel(shape as never).validate(), shape);
    expect(error).toMatch(/^\/spec\/templates must be array/);
    expect(error).toContain(`(got "${'A'.repeat(198)}😀...)`);
  });
});
