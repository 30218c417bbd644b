import { type FakeJira, startFakeJira } from '../../fakes/jira/server.js';
import { jiraStep, outputOf, writtenBodies } from './harness.js';

let jira: FakeJira;
afterEach(() => jira.close());

const uid = '4c1f2a9e-7b3d-4e0a-9d51-0c6f3b2a1e77';
const create = (extra: readonly string[] = []) =>
  jiraStep(jira, [
    'issue-create',
    '--project',
    'OPS',
    '--issue-type',
    'Incident',
    '--summary',
    'Hypervisor cmp1 maintenance',
    '--description',
    'Draining cmp1.\nServers move live.\n\nQuestions: #ops',
    '--labels',
    '["hypervisor","cmp1"]',
    '--idempotency-key',
    uid,
    ...extra,
  ]);

describe('jira issue-create on Cloud (REST v3, ADF)', () => {
  beforeEach(async () => {
    jira = await startFakeJira('cloud');
  });

  it('searches by the opsflow label, then creates the issue with an ADF description and the labels', async () => {
    const run = await create();
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'changed', message: 'opened OPS-1: Hypervisor cmp1 maintenance' });
    expect(outputOf(run, 'issueKey')).toBe('OPS-1');
    expect(outputOf(run, 'issueUrl')).toBe(`${jira.url}/browse/OPS-1`);
    const search = jira.requests.find((r) => r.url === '/rest/api/3/search/jql');
    expect(JSON.parse(search!.body)).toEqual({
      jql: `project = "OPS" AND labels = "opsflow-${uid}" ORDER BY created ASC`,
      fields: ['summary', 'labels'],
      maxResults: 10,
    });
    expect(writtenBodies(jira)).toEqual([
      {
        url: '/rest/api/3/issue',
        body: {
          fields: {
            project: { key: 'OPS' },
            issuetype: { name: 'Incident' },
            summary: 'Hypervisor cmp1 maintenance',
            description: {
              type: 'doc',
              version: 1,
              content: [
                {
                  type: 'paragraph',
                  content: [
                    { type: 'text', text: 'Draining cmp1.' },
                    { type: 'hardBreak' },
                    { type: 'text', text: 'Servers move live.' },
                  ],
                },
                { type: 'paragraph', content: [{ type: 'text', text: 'Questions: #ops' }] },
              ],
            },
            labels: [`opsflow-${uid}`, 'hypervisor', 'cmp1'],
          },
        },
      },
    ]);
    expect(jira.requests[0]?.headers.authorization).toMatch(/^Basic /);
  });

  it('a second run finds the issue by its label and opens no second one', async () => {
    await create();
    const again = await create();
    expect(again.code).toBe(0);
    expect(again.result()).toMatchObject({
      outcome: 'unchanged',
      message: `issue OPS-1 already exists for opsflow-${uid}`,
    });
    expect(outputOf(again, 'issueKey')).toBe('OPS-1');
    expect(jira.issues).toHaveLength(1);
  });

  it('created, answer lost, retried: the next round searches, finds the issue and does not create it again', async () => {
    jira.loseAnswers((r) => r.method === 'POST' && r.url === '/rest/api/3/issue');
    const run = await create();
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'changed', message: 'opened OPS-1: Hypervisor cmp1 maintenance' });
    expect(jira.issues).toHaveLength(1);
    expect(jira.writes()).toHaveLength(1);
    expect(run.logs.find((l) => l.event === 'create-retried')).toMatchObject({
      rounds: 2,
      issue: 'OPS-1',
    });
  });

  it('exit 75, step run again: the issue created before the answer and the search were lost is found, not opened again', async () => {
    let down = false;
    jira.loseAnswers((r) => {
      const create = r.method === 'POST' && r.url === '/rest/api/3/issue';
      if (create) down = true;
      return create;
    });
    jira.faults.add({ match: (r) => down && r.url === '/rest/api/3/search/jql', reply: { status: 503 }, times: 100 });
    const first = await create();
    expect(first.code).toBe(75);
    expect(jira.issues).toHaveLength(1);
    down = false;
    const again = await create();
    expect(again.code).toBe(0);
    expect(again.result()).toMatchObject({
      outcome: 'unchanged',
      message: `issue OPS-1 already exists for opsflow-${uid}`,
    });
    expect(jira.issues).toHaveLength(1);
    expect(jira.writes()).toHaveLength(1);
  }, 30_000);

  it('429 with Retry-After on the create: waits, then creates once', async () => {
    jira.faults.add({
      match: (r) => r.method === 'POST' && r.url === '/rest/api/3/issue',
      reply: {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { errorMessages: ['Rate limit exceeded.'], errors: {} },
      },
    });
    const started = Date.now();
    const run = await create();
    expect(run.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(run.result()).toMatchObject({ outcome: 'changed' });
    expect(jira.issues).toHaveLength(1);
    // A 429 means Jira did nothing, so the HTTP core repeats the create itself (after Retry-After).
    expect(jira.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /rest/api/3/search/jql',
      'POST /rest/api/3/issue',
      'POST /rest/api/3/issue',
    ]);
  });

  it('a 429 on the search is retried by the HTTP core, honouring Retry-After', async () => {
    jira.faults.add({
      match: (r) => r.url === '/rest/api/3/search/jql',
      reply: {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { errorMessages: ['Rate limit exceeded.'], errors: {} },
      },
    });
    const run = await create();
    expect(run.code).toBe(0);
    expect(jira.requests.filter((r) => r.url === '/rest/api/3/search/jql')).toHaveLength(2);
  });

  it('--dry-run searches and reports, and writes nothing', async () => {
    const run = await create(['--dry-run']);
    expect(run.result()).toMatchObject({
      outcome: 'dry-run',
      message: 'would open a Incident in OPS: Hypervisor cmp1 maintenance',
    });
    expect(jira.writes()).toEqual([]);
  });

  it('exits 2 with Jira`s field errors for an issue type the project lacks', async () => {
    const run = await jiraStep(jira, [
      'issue-create',
      '--project',
      'INFRA',
      '--issue-type',
      'Incident',
      '--summary',
      's',
      '--idempotency-key',
      uid,
    ]);
    expect(run.code).toBe(2);
    expect(run.result().message).toBe(
      `create an issue in INFRA: POST ${jira.url}/rest/api/3/issue returned 400: issuetype: Specify a valid issue type`,
    );
  });

  it('exits 3 on 401 (bad token) and 403, 75 when Jira keeps answering 503; the token shows nowhere', async () => {
    const badToken = 'ATATT-wrong-token-9876543210';
    const bad = await jiraStep(
      jira,
      ['issue-create', '--project', 'OPS', '--summary', 's', '--idempotency-key', 'k1'],
      {
        JIRA_API_TOKEN: badToken,
      },
    );
    expect(bad.code).toBe(3);
    expect(bad.result().message).toContain('returned 401: You are not authenticated.');
    expect(bad.stderr + bad.stdout + JSON.stringify(bad.result())).not.toContain(badToken);

    jira.faults.add({
      match: (r) => r.method === 'POST' && r.url === '/rest/api/3/issue',
      reply: {
        status: 403,
        body: { errorMessages: ['You do not have permission to create issues in this project.'], errors: {} },
      },
    });
    const forbidden = await jiraStep(jira, [
      'issue-create',
      '--project',
      'OPS',
      '--summary',
      's',
      '--idempotency-key',
      'k2',
    ]);
    expect(forbidden.code).toBe(3);
    expect(forbidden.result().message).toContain('You do not have permission to create issues in this project.');

    jira.faults.add({ match: (r) => r.url.includes('/search/jql'), reply: { status: 503 }, times: 50 });
    const down = await jiraStep(jira, [
      'issue-create',
      '--project',
      'OPS',
      '--summary',
      's',
      '--idempotency-key',
      'k3',
    ]);
    expect(down.code).toBe(75);
  }, 30_000);

  it('exits 3 when the Jira configuration is missing', async () => {
    const run = await jiraStep(jira, ['issue-create', '--project', 'OPS', '--summary', 's', '--idempotency-key', 'k'], {
      JIRA_EMAIL: '',
    });
    expect(run.code).toBe(3);
    expect(run.result().message).toBe('Jira Cloud needs JIRA_EMAIL and JIRA_API_TOKEN (or JIRA_API_TOKEN_FILE)');
  });

  it('exits 2 for a malformed project key, a label with a space and a two-line summary', async () => {
    const run = await jiraStep(jira, [
      'issue-create',
      '--project',
      'ops',
      '--summary',
      'a\nb',
      '--labels',
      '["two words"]',
      '--idempotency-key',
      uid,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('project: must be a Jira project key');
    expect(run.stderr).toContain('summary: must be one line');
    expect(run.stderr).toContain('must not contain whitespace');
    expect(jira.requests).toEqual([]);
  });
});

describe('jira issue-create on Server/Data Center (REST v2, plain text)', () => {
  beforeEach(async () => {
    jira = await startFakeJira('server');
  });

  it('searches with /rest/api/2/search and creates with a plain-text description and a bearer PAT', async () => {
    const run = await create();
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'changed', message: 'opened OPS-1: Hypervisor cmp1 maintenance' });
    expect(jira.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /rest/api/2/search',
      'POST /rest/api/2/issue',
    ]);
    expect(writtenBodies(jira)[0]?.body).toMatchObject({
      fields: { description: 'Draining cmp1.\nServers move live.\n\nQuestions: #ops' },
    });
    expect(jira.requests[0]?.headers.authorization).toBe(`Bearer ${jira.env.JIRA_PAT}`);

    jira.loseAnswers((r) => r.url === '/rest/api/2/issue');
    const lost = await jiraStep(jira, [
      'issue-create',
      '--project',
      'OPS',
      '--summary',
      'other',
      '--idempotency-key',
      'k9',
    ]);
    expect(lost.result()).toMatchObject({ outcome: 'changed', message: 'opened OPS-2: other' });
    expect(jira.issues).toHaveLength(2);
    expect(jira.writes()).toHaveLength(2);
  });
});
