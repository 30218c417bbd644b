import { describe, expect, it } from '@jest/globals';
import { actions, automations, composites, eventSources } from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import type { RoleInput } from '../../src/governance/role.js';
import { synthesizeObjects } from '../../src/synth/render.js';
import type { KubeObject } from '../../src/validation/kube-object.js';

const tenant = exampleSite.roles!.find((role) => role.name === 'tenant')!;
const withRoles = (roles: RoleInput[]) => ({ ...exampleSite, roles });
const synth = (roles: RoleInput[]) =>
  synthesizeObjects(buildApp(loadSite(withRoles(roles)), { actions, automations, eventSources, schedules: [] }));

describe('role declarations', () => {
  it('refuse, at synth, run limits and approvals on a composite (it has no guard to apply them)', () => {
    const app = () =>
      synthesizeObjects(
        buildApp(
          loadSite(
            withRoles([
              ...exampleSite.roles!,
              {
                name: 'maintainer',
                members: { groups: ['m'] },
                precedence: 5,
                actions: {
                  'openstack-hypervisor-maintenance': {
                    perCaller: { runs: 1, window: '1h' },
                    approval: { by: 'approver' },
                  },
                },
              },
            ] as RoleInput[]),
          ),
          { actions, automations, eventSources, composites, schedules: [] },
        ),
      );
    expect(app).toThrow(
      [
        'role maintainer, action openstack-hypervisor-maintenance, field perCaller/overall: run limits apply to single-step actions; openstack-hypervisor-maintenance has no guard step',
        "role maintainer, action openstack-hypervisor-maintenance, field approval: a role's approval applies to single-step actions; openstack-hypervisor-maintenance waits where its own approval task is",
      ]
        .map((line) => `  [governance] ${line}`)
        .join('\n'),
    );
  });

  it('refuse, at synth, an unknown action, an unknown parameter and an approver that does not approve, naming each', () => {
    const roles: RoleInput[] = [
      { name: 'viewer', members: { users: ['carol'] }, precedence: 1, actions: { 'openshift-pod-logs': true } },
      {
        ...tenant,
        actions: {
          'openshift-workload-reboot': true,
          'openshift-workload-restart': { parameters: { namespce: { pattern: 'shop' } } },
          'openshift-pod-logs': { approval: { by: 'viewer' } },
          'aws-rds-reboot': { approval: { by: 'nobody' } },
        },
      },
    ];
    expect(() => synth(roles)).toThrow(
      [
        'role tenant, action openshift-workload-reboot: not an action of the catalog',
        'role tenant, action openshift-workload-restart, field parameters.namespce: openshift-workload-restart has no such parameter (it has cluster, namespace, kind, name, wait, timeoutSeconds, minIntervalMinutes, dryRun)',
        'role tenant, action openshift-pod-logs, field approval.by: role "viewer" does not approve (set approves: true)',
        'role tenant, action aws-rds-reboot, field approval.by: no role is named "nobody"',
      ]
        .map((line) => `  [governance] ${line}`)
        .join('\n'),
    );
  });

  it('refuse a bad constraint in the site config, naming the role index, action and field', () => {
    const roles: RoleInput[] = [
      {
        ...tenant,
        actions: {
          'openshift-pod-logs': {
            parameters: { namespace: { pattern: '(?=shop)' }, kind: { enum: [] } },
            perCaller: { runs: 0, window: '1 hour' },
          },
        },
      },
    ];
    const error = (() => {
      try {
        loadSite(withRoles(roles));
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(error).toBe(
      [
        'invalid site configuration:',
        '  site.roles.0.actions.openshift-pod-logs.parameters.namespace.pattern: must not use lookaround or backreferences (RE2) (got "(?=shop)")',
        '  site.roles.0.actions.openshift-pod-logs.parameters.kind.enum: Too small: expected array to have >=1 items (got [])',
        '  site.roles.0.actions.openshift-pod-logs.perCaller.runs: Too small: expected number to be >=1 (got 0)',
        '  site.roles.0.actions.openshift-pod-logs.perCaller.window: must be a whole number of s, m or h, such as "1h" (got "1 hour")',
      ].join('\n'),
    );
  });

  it('refuse two roles of one name and a role without members', () => {
    expect(() => loadSite(withRoles([tenant, { ...tenant, members: {} }]))).toThrow(
      /site\.roles\.1\.members: must name at least one group or user[\s\S]*site\.roles\.1\.name: role names must be unique; "tenant" is used twice/,
    );
  });
});

describe('sign-in objects of the example roles', () => {
  const objects = synth(exampleSite.roles as RoleInput[]);
  const find = (kind: string, name: string) =>
    objects.find((object) => object.kind === kind && object.metadata.name === name) as KubeObject &
      Record<string, never>;

  it('annotate each ServiceAccount with the SSO RBAC rule Argo Server evaluates and its precedence', () => {
    expect(find('ServiceAccount', 'opsflow-role-tenant').metadata.annotations).toEqual({
      'workflows.argoproj.io/rbac-rule': "'shop-developers' in groups",
      'workflows.argoproj.io/rbac-rule-precedence': '10',
    });
  });

  it('declare the token Secret empty, for Kubernetes to fill', () => {
    const secret = find('Secret', 'opsflow-role-tenant.service-account-token');
    expect(secret).toMatchObject({
      type: 'kubernetes.io/service-account-token',
      metadata: { annotations: { 'kubernetes.io/service-account.name': 'opsflow-role-tenant' } },
    });
    expect(Object.keys(secret).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'type']);
  });

  it("let every role read the artifact repository's credential Secrets by name, and no other Secret or ConfigMap", () => {
    const rules = find('Role', 'opsflow-role-tenant').rules as unknown as {
      resources: string[];
      resourceNames?: string[];
      verbs: string[];
    }[];
    // Argo Server reads the repository ConfigMap with its own account, its Secrets with the caller's.
    expect(rules.filter((rule) => rule.resources.includes('secrets'))).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['opsflow-artifacts-s3'] },
    ]);
    expect(rules.some((rule) => rule.resources.includes('configmaps'))).toBe(false);
  });

  it('let approvers, and only them, update Workflows (resume, stop, set)', () => {
    const verbs = (role: string) =>
      (find('Role', `opsflow-role-${role}`).rules as unknown as { resources: string[]; verbs: string[] }[])
        .filter((rule) => rule.resources.includes('workflows'))
        .flatMap((rule) => rule.verbs);
    expect(verbs('approver')).toEqual(['create', 'get', 'list', 'watch', 'update', 'patch']);
    expect(verbs('tenant')).toEqual(['create', 'get', 'list', 'watch']);
  });

  it('bind each Role to its ServiceAccount', () => {
    expect(find('RoleBinding', 'opsflow-role-tenant')).toMatchObject({
      roleRef: { kind: 'Role', name: 'opsflow-role-tenant' },
      subjects: [{ kind: 'ServiceAccount', name: 'opsflow-role-tenant', namespace: 'opsflow' }],
    });
  });
});

describe('the run-limit guard in the generated templates', () => {
  const objects = synth(exampleSite.roles as RoleInput[]);
  const template = (name: string) =>
    objects.find((object) => object.kind === 'WorkflowTemplate' && object.metadata.name === name) as unknown as {
      spec: {
        templates: {
          name: string;
          steps?: { name: string; arguments?: { parameters: { name: string; value: string }[] } }[][];
          container?: { command: string[] };
        }[];
      };
    };

  it("runs first in an action a role limits, with the roles' limits fixed in the template", () => {
    const restart = template('openshift-workload-restart');
    const main = restart.spec.templates.find((t) => t.name === 'main')!;
    expect(main.steps!.map((group) => group.map((step) => step.name))).toEqual([['run-guard'], ['run']]);
    expect(main.steps![0]![0]!.arguments!.parameters).toEqual([
      { name: 'cluster', value: 'local' },
      { name: 'namespace', value: '{{workflow.namespace}}' },
      { name: 'workflow', value: '{{workflow.name}}' },
      { name: 'action', value: 'openshift-workload-restart' },
      { name: 'limits', value: '{"tenant":{"perCaller":{"runs":3,"window":"1h"}}}' },
      { name: 'approvals', value: '{}' },
      { name: 'dryRun', value: '{{workflow.parameters.dryRun}}' },
    ]);
    expect(restart.spec.templates.find((t) => t.name === 'run-guard')!.container!.command).toEqual([
      'opsflow-step',
      'kubernetes',
      'run-guard',
    ]);
  });

  it('is absent from actions no role limits', () => {
    const main = template('openshift-pod-logs').spec.templates.find((t) => t.name === 'main')!;
    expect(main.steps!.flat().map((step) => step.name)).toEqual(['run']);
  });

  it("lets the template's ServiceAccount read its Workflow and keep the counts in ConfigMaps", () => {
    const role = objects.find(
      (object) => object.kind === 'Role' && object.metadata.name === 'opsflow-workflow-openshift-workload-restart',
    ) as unknown as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };
    expect(role.rules).toEqual(
      expect.arrayContaining([
        { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create', 'update'] },
      ]),
    );
  });
});
