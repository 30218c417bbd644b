import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import type { KubeObject } from '../../src/validation/kube-object.js';
import { kubernetesSchemaErrors } from '../../src/validation/kubernetes-schemas.js';

const committed = (file: string) =>
  parse(readFileSync(new URL(`../../charts/platform/${file}`, import.meta.url), 'utf8')) as KubeObject & {
    spec: { failurePolicy: string; validations: Record<string, unknown>[] };
  };

describe('the closed Kubernetes schemas', () => {
  it('accept the committed admission policy, its binding and the role objects', () => {
    for (const file of [
      'validatingadmissionpolicy-opsflow-workflow-admission.yaml',
      'validatingadmissionpolicybinding-opsflow-workflow-admission.yaml',
      'serviceaccount-opsflow-role-tenant.yaml',
      'secret-opsflow-role-tenant.service-account-token.yaml',
      'role-opsflow-role-tenant.yaml',
      'rolebinding-opsflow-role-tenant.yaml',
    ]) {
      expect([file, kubernetesSchemaErrors(committed(file))]).toEqual([file, []]);
    }
  });

  it('refuse a misspelt field, a value outside an enum and a missing required field', () => {
    const policy = committed('validatingadmissionpolicy-opsflow-workflow-admission.yaml');
    policy.spec.failurePolicy = 'Deny';
    policy.spec.validations[0] = { messageExpresion: "'x'" };
    expect(kubernetesSchemaErrors(policy)).toEqual([
      '/spec/failurePolicy must be equal to one of the allowed values',
      '/spec/validations/0 must have required property expression',
      '/spec/validations/0 must NOT have additional properties "messageExpresion"',
    ]);
  });
});
