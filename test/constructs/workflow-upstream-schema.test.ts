import { Testing } from 'cdk8s';
import { z } from 'zod';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { CronWorkflow } from '../../src/constructs/workflows/cron-workflow.js';
import { parametersFromSchema } from '../../src/constructs/workflows/parameters.js';
import {
  approvalTemplate,
  dagTemplate,
  stepsTemplate,
  stepTemplate,
} from '../../src/constructs/workflows/step-template.js';
import { WorkflowTemplate } from '../../src/constructs/workflows/workflow-template.js';
import { loadArgoSchemas } from '../../src/validation/argo-schemas.js';
import type { KubeObject } from '../../src/validation/kube-object.js';
import { describeWithSchema, SCHEMA_DIR } from '../upstream-schemas.js';

describeWithSchema(`${SCHEMA_DIR}argo-workflows-v4.1.2.schema.json`)(
  'Workflows constructs against the closed upstream schema',
  () => {
    it('accepts steps, a DAG, an approval, an exit handler, synchronization, output artifacts, an artifactRepositoryRef and a CronWorkflow', () => {
      const site = loadSite(exampleSite);
      const input = z.strictObject({ node: z.string().describe('Ironic node') });
      const chart = Testing.chart();
      const template = new WorkflowTemplate(chart, 'wt', {
        name: 'node-power',
        title: 'Power',
        description: 'Power a node',
        entrypoint: 'main',
        serviceAccountName: 'sa',
        parameters: parametersFromSchema(input),
        onExit: 'approval',
        artifactRepository: { configMap: 'artifact-repositories', key: 'minio' },
        templates: [
          stepsTemplate('main', [[{ name: 'approve', template: 'approval' }], [{ name: 'go', template: 'fanout' }]]),
          dagTemplate('fanout', [
            { name: 'a', template: 'power' },
            { name: 'b', template: 'power', depends: 'a' },
          ]),
          approvalTemplate('approval', '30m'),
          stepTemplate({
            name: 'power',
            site,
            system: 'openstack',
            step: 'node-power',
            input,
            mutating: true,
            outputs: { powerState: 'Power state' },
            files: { console: 'Console log' },
            semaphore: { name: 'opsflow-semaphores', key: 'node-power' },
          }),
        ],
      });
      template.addMutex('node-{{workflow.parameters.node}}');
      new CronWorkflow(chart, 'cron', {
        name: 'nightly-power',
        title: 'Nightly',
        description: 'Power every night',
        schedules: ['0 2 * * *'],
        workflowTemplate: template,
        arguments: { node: 'n1' },
      });
      const objects = Testing.synth(chart) as KubeObject[];
      expect(objects.map((object) => object.kind)).toEqual(['WorkflowTemplate', 'CronWorkflow']);
      const schemas = loadArgoSchemas(SCHEMA_DIR);
      for (const object of objects) {
        expect({ kind: object.kind, results: schemas.validate(object) }).toEqual({
          kind: object.kind,
          results: [{ kind: object.kind, checked: true, errors: [] }],
        });
      }
      const power = (
        objects[0]!.spec as { templates: { name: string; outputs?: { artifacts?: unknown[] } }[] }
      ).templates.find((t) => t.name === 'power');
      expect((objects[0]!.spec as { artifactRepositoryRef?: unknown }).artifactRepositoryRef).toEqual({
        configMap: 'artifact-repositories',
        key: 'minio',
      });
      expect(power?.outputs?.artifacts).toEqual([
        { name: 'console', path: '/tmp/outputs/console', archive: { none: {} }, optional: true },
      ]);
      // The v3 singular field, removed in v4, is refused.
      const spec = objects[0]!.spec as Record<string, unknown>;
      const withSingular = { ...objects[0]!, spec: { ...spec, synchronization: { mutex: { name: 'x' } } } };
      expect(schemas.validate(withSingular)[0]!.errors).toEqual([
        '/spec/synchronization must NOT have additional properties "mutex"',
      ]);
    });
  },
);
