import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { targetKey } from '../../src/governance/audit.js';

const committed = (name: string) =>
  parse(readFileSync(new URL(`../../workflowtemplates/${name}.yaml`, import.meta.url), 'utf8'));

/**
 * The `labelsFrom` expression as the controller evaluates it (expr-lang with sprig: `sha256sum` is the hex SHA-256
 * of the string, `trunc(n, s)` its first n characters), for the forms the generator writes: string literals (JSON
 * escapes, like expr's) and `workflow.parameters.<name>` joined by `+`.
 */
function evaluate(expression: string, parameters: Record<string, string>): string {
  const match = /^sprig\.trunc\((\d+), sprig\.sha256sum\((.*)\)\)$/.exec(expression);
  if (!match) throw new Error(`not a form this model knows: ${expression}`);
  const text = match[2]!
    .split(' + ')
    .map((term) => {
      const parameter = /^workflow\.parameters\.(\w+)$/.exec(term)?.[1];
      if (parameter) {
        if (parameters[parameter] === undefined) throw new Error(`parameter ${parameter} has no value`);
        return parameters[parameter];
      }
      return JSON.parse(term) as string;
    })
    .join('');
  return createHash('sha256').update(text).digest('hex').slice(0, Number(match[1]));
}

describe('the target label', () => {
  it("is computed by the controller from the run's target parameters as opsflow history computes it", () => {
    const restart = committed('openshift-workload-restart');
    expect(restart.metadata.annotations['opsflow.io/target-parameters']).toBe('cluster,kind,name,namespace');
    const values = { cluster: 'prod-ocp', namespace: 'shop-prod', kind: 'Deployment', name: 'checkout' };
    const expression = restart.spec.workflowMetadata.labelsFrom['opsflow.io/target'].expression;
    const value = evaluate(expression, values);
    expect(value).toBe(targetKey(values));
    expect(value).toMatch(/^[0-9a-f]{32}$/);
    // Another target, another label.
    expect(evaluate(expression, { ...values, name: 'cart' })).not.toBe(value);
  });

  it("uses a composite's target mutex parameters", () => {
    const maintenance = committed('openstack-hypervisor-maintenance');
    expect(maintenance.metadata.annotations['opsflow.io/target-parameters']).toBe('host');
    const expression = maintenance.spec.workflowMetadata.labelsFrom['opsflow.io/target'].expression;
    expect(evaluate(expression, { host: 'compute-17' })).toBe(targetKey({ host: 'compute-17' }));
  });
});
