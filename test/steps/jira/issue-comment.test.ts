import { type FakeJira, startFakeJira } from '../../fakes/jira/server.js';
import { jiraStep, outputOf, writtenBodies } from './harness.js';

let jira: FakeJira;
afterEach(() => jira.close());

const uid = '4c1f2a9e-7b3d-4e0a-9d51-0c6f3b2a1e77';
const comment = (issue: string, extra: readonly string[] = []) =>
  jiraStep(jira, [
    'issue-comment',
    '--issue',
    issue,
    '--body',
    'Drain done: 12 moved, 0 left.',
    '--idempotency-key',
    uid,
    ...extra,
  ]);
const addIssue = () =>
  jira.issues.push({
    id: '10001',
    key: 'OPS-7',
    project: 'OPS',
    issueType: 'Task',
    summary: 's',
    description: undefined,
    labels: [],
    comments: [],
  });

describe.each(['cloud', 'server'] as const)('jira issue-comment on %s', (deployment) => {
  const version = deployment === 'cloud' ? 3 : 2;
  beforeEach(async () => {
    jira = await startFakeJira(deployment);
    addIssue();
  });

  it('adds the comment with its marker once; a second run finds it by the marker', async () => {
    const first = await comment('OPS-7');
    expect(first.code).toBe(0);
    expect(first.result()).toMatchObject({ outcome: 'changed', message: 'commented on OPS-7' });
    const expected =
      deployment === 'cloud'
        ? {
            type: 'doc',
            version: 1,
            content: [
              { type: 'paragraph', content: [{ type: 'text', text: 'Drain done: 12 moved, 0 left.' }] },
              { type: 'paragraph', content: [{ type: 'text', text: `[opsflow-${uid}]` }] },
            ],
          }
        : `Drain done: 12 moved, 0 left.\n\n[opsflow-${uid}]`;
    expect(writtenBodies(jira)).toEqual([
      { url: `/rest/api/${version}/issue/OPS-7/comment`, body: { body: expected } },
    ]);
    expect(outputOf(first, 'commentId')).toBe('20000');

    const again = await comment('OPS-7');
    expect(again.result()).toMatchObject({
      outcome: 'unchanged',
      message: `OPS-7 already has comment 20000 [opsflow-${uid}]`,
    });
    expect(outputOf(again, 'commentId')).toBe('20000');
    expect(jira.issues[0]?.comments).toHaveLength(1);
  });

  it('created, answer lost, retried: the marker is found on the next round, no second comment', async () => {
    jira.loseAnswers((r) => r.method === 'POST' && r.url.endsWith('/comment'));
    const run = await comment('OPS-7');
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'changed' });
    expect(jira.issues[0]?.comments).toHaveLength(1);
  });

  it('exit 75, step run again: the comment made before the answer and the reads were lost is found, not added again', async () => {
    addIssue();
    let down = false;
    jira.loseAnswers((r) => {
      const post = r.method === 'POST' && r.url.endsWith('/comment');
      if (post) down = true;
      return post;
    });
    jira.faults.add({ match: (r) => down && r.method === 'GET', reply: { status: 503 }, times: 100 });
    const first = await comment('OPS-7');
    expect(first.code).toBe(75);
    expect(jira.issues[0]?.comments).toHaveLength(1);
    down = false;
    const again = await comment('OPS-7');
    expect(again.code).toBe(0);
    expect(again.result()).toMatchObject({ outcome: 'unchanged' });
    expect(jira.issues[0]?.comments).toHaveLength(1);
  }, 30_000);

  it('reads every page of comments before deciding (the marker on page 2)', async () => {
    const issue = jira.issues[0]!;
    for (let i = 0; i < 150; i++)
      issue.comments.push({
        id: String(i),
        body: deployment === 'cloud' ? { type: 'doc', version: 1, content: [] } : `c${i}`,
      });
    const marked = `done\n\n[opsflow-${uid}]`;
    issue.comments.push({
      id: 'marked',
      body:
        deployment === 'cloud'
          ? {
              type: 'doc',
              version: 1,
              content: [{ type: 'paragraph', content: [{ type: 'text', text: `[opsflow-${uid}]` }] }],
            }
          : marked,
    });
    const run = await comment('OPS-7', ['--dry-run']);
    expect(run.result()).toMatchObject({ outcome: 'unchanged' });
    expect(outputOf(run, 'commentId')).toBe('marked');
    expect(jira.requests.map((r) => r.url)).toEqual([
      `/rest/api/${version}/issue/OPS-7/comment?startAt=0&maxResults=100`,
      `/rest/api/${version}/issue/OPS-7/comment?startAt=100&maxResults=100`,
    ]);
  });

  it('--dry-run reports and writes nothing; an unknown issue is exit 3 with Jira`s message', async () => {
    const dry = await comment('OPS-7', ['--dry-run']);
    expect(dry.result()).toMatchObject({ outcome: 'dry-run', message: `would comment on OPS-7 [opsflow-${uid}]` });
    expect(jira.writes()).toEqual([]);

    const missing = await comment('OPS-99');
    expect(missing.code).toBe(3);
    expect(missing.result().message).toContain(
      'returned 404: Issue does not exist or you do not have permission to see it.',
    );
  });
});
