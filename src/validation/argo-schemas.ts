/**
 * The upstream Argo Events and Argo Workflows JSON schemas (reference/argo/ beside the repository), closed at load
 * time (closeSchema) so a misplaced or misspelled field is an error. One loader for CI (scripts/validate-manifests.ts)
 * and the tests. The Workflow a Sensor's k8s trigger creates is validated as a Workflow. The schemas are read,
 * never copied into the project.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { closeSchema, type JsonSchemaDocument } from './closed-schema.js';
import type { KubeObject } from './kube-object.js';

const SCHEMAS = {
  events: { file: 'argo-events-v1.9.11.schema.json', prefix: 'io.argoproj.events.v1alpha1.' },
  workflows: { file: 'argo-workflows-v4.1.2.schema.json', prefix: 'io.argoproj.workflow.v1alpha1.' },
} as const;
const SCHEMA_OF_KIND: Readonly<Record<string, keyof typeof SCHEMAS>> = {
  EventBus: 'events',
  EventSource: 'events',
  Sensor: 'events',
  WorkflowTemplate: 'workflows',
  CronWorkflow: 'workflows',
  Workflow: 'workflows',
  ClusterWorkflowTemplate: 'workflows',
};

/** The result for one object: `checked` is false for kinds without an Argo schema (ConfigMap, Role...). */
export interface SchemaResult {
  readonly kind: string;
  readonly checked: boolean;
  /** `<path inside the object> <problem>`, e.g. `/spec/triggers/0/template must NOT have additional properties "atLeastOnce"`. */
  readonly errors: string[];
}

export interface ArgoSchemas {
  /** The object, and for a Sensor each Workflow its triggers create (paths then start at the trigger's resource). */
  validate(object: KubeObject): SchemaResult[];
}

export function loadArgoSchemas(schemaDir: string): ArgoSchemas {
  // The upstream files declare draft-07 and 2020-12; neither uses a keyword whose meaning differs between them.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  for (const [id, { file }] of Object.entries(SCHEMAS)) {
    const { $schema: _draft, $id: _id, ...schema } = JSON.parse(readFileSync(join(schemaDir, file), 'utf8'));
    ajv.addSchema(closeSchema(schema as JsonSchemaDocument), id);
  }
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (kind: string): ValidateFunction | undefined => {
    const id = SCHEMA_OF_KIND[kind];
    if (!id) return undefined;
    if (!validators.has(kind)) {
      const validate = ajv.getSchema(`${id}#/definitions/${SCHEMAS[id].prefix}${kind}`);
      if (!validate) throw new Error(`no definition of ${kind} in ${SCHEMAS[id].file}`);
      validators.set(kind, validate);
    }
    return validators.get(kind);
  };
  const check = (object: KubeObject, where: string): SchemaResult => {
    const validate = validatorFor(object.kind);
    if (!validate) return { kind: object.kind, checked: false, errors: [] };
    const data: unknown = object; // validate() is a type guard: narrowing `object` itself would leave `never`
    if (validate(data)) return { kind: object.kind, checked: true, errors: [] };
    const errors = (validate.errors ?? []).map((error) => {
      const extra = error.keyword === 'additionalProperties' ? ` "${String(error.params.additionalProperty)}"` : '';
      return `${where}${error.instancePath || '/'} ${error.message}${extra}`;
    });
    return { kind: object.kind, checked: true, errors };
  };
  return {
    validate(object) {
      const results = [check(object, '')];
      if (object.kind === 'Sensor') {
        type SensorTrigger = {
          template?: { k8s?: { source?: { resource?: KubeObject } } };
          dlqTrigger?: SensorTrigger;
        };
        const triggers = ((object.spec as { triggers?: unknown[] } | undefined)?.triggers ?? []) as SensorTrigger[];
        triggers.forEach((trigger, i) => {
          // The dead-letter trigger creates a Workflow too.
          for (const [at, one] of [
            [`/spec/triggers/${i}`, trigger],
            [`/spec/triggers/${i}/dlqTrigger`, trigger.dlqTrigger],
          ] as const) {
            const resource = one?.template?.k8s?.source?.resource;
            if (resource?.kind === 'Workflow') results.push(check(resource, `${at}/template/k8s/source/resource`));
          }
        });
      }
      return results;
    },
  };
}
