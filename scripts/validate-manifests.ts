/**
 * Validates every generated Argo Events and Argo Workflows object against the upstream JSON schemas, closed at load
 * time so a misplaced or misspelled field is an error (src/validation/argo-schemas.ts). The Workflow a Sensor's k8s
 * trigger creates is validated too. Admission policies, RBAC, ServiceAccounts, Secrets and ConfigMaps are checked
 * against the Kubernetes model packages, closed the same way (src/validation/kubernetes-schemas.ts).
 *
 *   tsx scripts/validate-manifests.ts [schema-dir]     (default: $OPSFLOW_ARGO_SCHEMAS or ../shared/reference/argo)
 *
 * Prints a count per kind and every error with its file and path; exits 1 on any error.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { existingGeneratedFiles } from '../src/synth/output.js';
import { loadArgoSchemas } from '../src/validation/argo-schemas.js';
import type { KubeObject } from '../src/validation/kube-object.js';
import { hasKubernetesSchema, kubernetesSchemaErrors } from '../src/validation/kubernetes-schemas.js';

const schemaDir = resolve(process.argv[2] ?? process.env.OPSFLOW_ARGO_SCHEMAS ?? '../shared/reference/argo');
const repoRoot = process.cwd();
const schemas = loadArgoSchemas(schemaDir);

const counts = new Map<string, number>();
const errors: string[] = [];
for (const file of existingGeneratedFiles(repoRoot)) {
  const object = parse(readFileSync(join(repoRoot, file), 'utf8')) as KubeObject;
  if (hasKubernetesSchema(object.kind)) {
    counts.set(`${object.kind} (Kubernetes models)`, (counts.get(`${object.kind} (Kubernetes models)`) ?? 0) + 1);
    errors.push(...kubernetesSchemaErrors(object).map((error) => `${file}: ${error}`));
    continue;
  }
  for (const result of schemas.validate(object)) {
    const label = result.checked ? result.kind : `${result.kind} (no Argo schema, skipped)`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
    errors.push(...result.errors.map((error) => `${file}: ${error}`));
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
