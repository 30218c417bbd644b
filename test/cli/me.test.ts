import { parse } from 'yaml';
import type { FakeArgoServer } from '../fakes/argo-server/server.js';
import { ALICE, committedTemplate, ENROLL, opsflow, startFake } from './harness.js';

/** People signed in through SSO as the example site's roles (src/catalog/sites/example.ts). */
const TINA = {
  token: 'tina-token',
  info: {
    subject: 'tina',
    email: 'tina@example.com',
    groups: ['shop-developers'],
    serviceAccountName: 'opsflow-role-tenant',
    serviceAccountNamespace: 'opsflow',
  },
};
const ANNA = {
  token: 'anna-token',
  info: { subject: 'anna', email: 'anna@example.com', serviceAccountName: 'opsflow-role-approver' },
};

let fake: FakeArgoServer;
beforeAll(async () => {
  fake = await startFake({
    // The committed templates: their opsflow.io/access annotations are what synth generated for the example roles.
    templates: ['openshift-workload-restart', 'openshift-java-heap-dump', 'openshift-pod-logs', ENROLL].map(
      committedTemplate,
    ),
    users: [ALICE, TINA, ANNA],
  });
});
afterAll(() => fake.close());
afterEach(() => expect(fake.violations).toEqual([]));

const as = (token: string) => ({ ARGO_TOKEN: `Bearer ${token}` });

describe('opsflow me', () => {
  it('shows a tenant its role and the actions it may run, with the terms the site sets', async () => {
    const out = await opsflow(fake, ['me'], as(TINA.token));
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('service account:  opsflow/opsflow-role-tenant\nrole:             tenant\n');
    expect(out.stdout).toContain(
      [
        'ACTION                      KIND    MAY  TERMS',
        'openshift-java-heap-dump    action  run  namespace matches shop-(prod|staging); approved by approver within 30m',
        'openshift-pod-logs          action  run  namespace matches shop-(prod|staging)',
        'openshift-workload-restart  action  run  namespace matches shop-(prod|staging); kind one of Deployment|StatefulSet; 3 runs per 1h each',
        '',
      ].join('\n'),
    );
    expect(out.stdout).not.toContain(ENROLL);
  });

  it('shows an approver what it approves besides what it runs', async () => {
    const out = await opsflow(fake, ['me'], as(ANNA.token));
    expect(out.stdout).toMatch(/^openshift-java-heap-dump +action +approve$/m);
    expect(out.stdout).toMatch(/^openshift-pod-logs +action +run$/m);
  });

  it('prints the same as JSON and YAML: the user, the role, and per action the grant as the site declares it', async () => {
    const json = JSON.parse((await opsflow(fake, ['me', '-o', 'json'], as(TINA.token))).stdout);
    expect(json.user).toEqual(TINA.info);
    expect(json.role).toBe('tenant');
    expect(json.actions[0]).toEqual({
      name: 'openshift-java-heap-dump',
      kind: 'action',
      run: {
        parameters: { namespace: { pattern: 'shop-(prod|staging)' } },
        approval: { by: 'approver', selfApproval: false, timeout: '30m' },
      },
    });
    const yaml = parse((await opsflow(fake, ['me', '-o', 'yaml'], as(ANNA.token))).stdout);
    expect(yaml).toMatchObject({ namespace: 'opsflow', role: 'approver' });
    expect(yaml.actions).toEqual([
      { name: 'openshift-java-heap-dump', kind: 'action', approves: true },
      { name: 'openshift-pod-logs', kind: 'action', run: {} },
    ]);
  });

  it('says when the ServiceAccount is no opsflow role, and lists the actions it can see', async () => {
    const out = await opsflow(fake, ['me']);
    expect(out.stdout).toContain('email:            alice@example.com\n');
    expect(out.stdout).toContain(
      "role:             none (opsflow/opsflow-operator is no opsflow role's: its RBAC and the admission policies decide at submit)\n",
    );
    expect(out.stdout).toContain(
      `actions:          ${ENROLL}, openshift-java-heap-dump, openshift-pod-logs, openshift-workload-restart\n`,
    );
    const json = JSON.parse((await opsflow(fake, ['me', '-o', 'json'])).stdout);
    expect(json).toMatchObject({ role: null, actions: expect.arrayContaining([{ name: ENROLL, kind: 'composite' }]) });
  });

  it('exit 4 with how to sign in when there is no token', async () => {
    const out = await opsflow(fake, ['me'], { ARGO_TOKEN: undefined });
    expect(out.code).toBe(4);
    expect(out.stderr).toMatch(/^opsflow: not signed in: ARGO_TOKEN is not set/);
  });
});
