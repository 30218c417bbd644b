/**
 * Validates every generated Argo Events and Argo Workflows object against the upstream JSON schemas, closed at load
 * time (src/validation/closed-schema.ts) so a misplaced or misspelled field is an error. The Workflow a Sensor's k8s
 * trigger creates is validated too. The schemas are read, never copied into the project.
 *
 *   tsx scripts/validate-manifests.ts [schema-dir]     (default: $OPSFLOW_ARGO_SCHEMAS or ../shared/reference/argo)
 *
 * Prints a count per kind and every error with its file and path; exits 1 on any error.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { existingGeneratedFiles } from '../src/synth/output.js';
import { closeSchema, type JsonSchemaDocument } from '../src/validation/closed-schema.js';
import type { KubeObject } from '../src/validation/kube-object.js';

const SCHEMAS = {
  events: { file: 'argo-events-v1.9.11.schema.json', prefix: 'io.argoproj.events.v1alpha1.' },
  workflows: { file: 'argo-workflows-v4.1.2.schema.json', prefix: 'io.argoproj.workflow.v1alpha1.' },
} as const;
const SCHEMA_OF_KIND: Record<string, keyof typeof SCHEMAS> = {
  EventBus: 'events',
  EventSource: 'events',
  Sensor: 'events',
  WorkflowTemplate: 'workflows',
  CronWorkflow: 'workflows',
  Workflow: 'workflows',
  ClusterWorkflowTemplate: 'workflows',
};

const schemaDir = resolve(process.argv[2] ?? process.env.OPSFLOW_ARGO_SCHEMAS ?? '../shared/reference/argo');
const repoRoot = process.cwd();

// The upstream files declare draft-07 and 2020-12; neither uses a keyword whose meaning differs between them.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
for (const [id, { file }] of Object.entries(SCHEMAS)) {
  const { $schema: _draft, $id: _id, ...schema } = JSON.parse(readFileSync(join(schemaDir, file), 'utf8'));
  ajv.addSchema(closeSchema(schema as JsonSchemaDocument), id);
}
const validators = new Map<string, ValidateFunction>();
function validatorFor(kind: string): ValidateFunction | undefined {
  const id = SCHEMA_OF_KIND[kind];
  if (!id) return undefined;
  if (!validators.has(kind)) {
    const validate = ajv.getSchema(`${id}#/definitions/${SCHEMAS[id].prefix}${kind}`);
    if (!validate) throw new Error(`no definition of ${kind} in ${SCHEMAS[id].file}`);
    validators.set(kind, validate);
  }
  return validators.get(kind);
}

const counts = new Map<string, number>();
const errors: string[] = [];
const check = (file: string, where: string, object: KubeObject): void => {
  const validate = validatorFor(object.kind);
  const label = validate ? object.kind : `${object.kind} (no Argo schema, skipped)`;
  counts.set(label, (counts.get(label) ?? 0) + 1);
  if (!validate || validate(object)) return;
  for (const error of validate.errors ?? []) {
    const extra = error.keyword === 'additionalProperties' ? ` "${String(error.params.additionalProperty)}"` : '';
    errors.push(`${file}: ${where}${error.instancePath || '/'} ${error.message}${extra}`);
  }
};

for (const file of existingGeneratedFiles(repoRoot)) {
  const object = parse(readFileSync(join(repoRoot, file), 'utf8')) as KubeObject;
  check(file, '', object);
  if (object.kind === 'Sensor') {
    const triggers = ((object.spec as { triggers?: unknown[] }).triggers ?? []) as {
      template?: { k8s?: { source?: { resource?: KubeObject } } };
    }[];
    triggers.forEach((trigger, i) => {
      const resource = trigger.template?.k8s?.source?.resource;
      if (resource?.kind === 'Workflow') check(file, `/spec/triggers/${i}/template/k8s/source/resource`, resource);
    });
  }
}

for (const [kind, count] of [...counts].sort()) console.log(`${String(count).padStart(4)} ${kind}`);
if (errors.length > 0) {
  console.error(`\n${errors.length} schema error(s) against the closed upstream schemas in ${schemaDir}:`);
  for (const error of errors) console.error(`  ${error}`);
  process.exitCode = 1;
} else {
  console.log(`all Argo objects valid against the closed upstream schemas in ${schemaDir}`);
}
