import { describe, expect, it } from '@jest/globals';
import { actions, automations, composites, eventSources } from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import type { RoleInput } from '../../src/governance/role.js';
import { synthesizeObjects } from '../../src/synth/render.js';

const synth = (roles: readonly RoleInput[]) =>
  synthesizeObjects(
    buildApp(loadSite({ ...exampleSite, roles: [...roles] }), {
      actions,
      composites,
      automations,
      eventSources,
      schedules: [],
    }),
  );

/** The `opsflow.io/access` annotation of each WorkflowTemplate, parsed, by template name. */
function accessByTemplate(roles: readonly RoleInput[]): Map<string, unknown> {
  return new Map(
    synth(roles)
      .filter((object) => object.kind === 'WorkflowTemplate')
      .map((object) => {
        const annotations = object.metadata.annotations as Record<string, string> | undefined;
        const value = annotations?.['opsflow.io/access'];
        return [object.metadata.name ?? '', value === undefined ? undefined : JSON.parse(value)];
      }),
  );
}

describe('the opsflow.io/access annotation on the WorkflowTemplates', () => {
  const access = accessByTemplate(exampleSite.roles!);

  it('says which roles may run an action and on what terms, and which role approves its runs', () => {
    expect(access.get('openshift-java-heap-dump')).toEqual({
      operator: { run: {} },
      approver: { approves: true },
      tenant: {
        run: {
          parameters: { namespace: { pattern: 'shop-(prod|staging)' } },
          approval: { by: 'approver', selfApproval: false, timeout: '30m' },
        },
      },
    });
    expect(access.get('openshift-workload-restart')).toEqual({
      operator: { run: {} },
      tenant: {
        run: {
          parameters: { namespace: { pattern: 'shop-(prod|staging)' }, kind: { enum: ['Deployment', 'StatefulSet'] } },
          perCaller: { runs: 3, window: '1h' },
        },
      },
    });
  });

  it('covers the composites, and leaves out the roles that may do nothing with one', () => {
    expect(access.get('ironic-node-enroll')).toEqual({ operator: { run: {} } });
    expect(access.get('aws-rds-reboot')).toEqual({ operator: { run: {} } });
  });

  it('is absent when the site declares no roles', () => {
    expect([...accessByTemplate([]).values()].every((value) => value === undefined)).toBe(true);
  });
});
