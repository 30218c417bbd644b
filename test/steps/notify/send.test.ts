import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { steps } from '../../../src/steps/notify/index.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import { type ChatFake, SLACK_BOT_TOKEN, startChatFake, WEBEX_TOKEN, WEBHOOK_PATH } from '../../fakes/notify/chat.js';
import { type CliRun, runCli } from '../runtime/harness.js';

const catalog = catalogFromSteps(steps);
let fake: ChatFake;

beforeEach(async () => {
  fake = await startChatFake();
});
afterEach(() => fake.close());

/** What a WorkflowTemplate's step container has: Argo's ARGO_WORKFLOW_NAME, and what the template passes. */
const workflowEnv = {
  ARGO_WORKFLOW_NAME: 'hypervisor-maintenance-x7k2p',
  ARGO_WORKFLOW_NAMESPACE: 'ops',
  ARGO_WORKFLOW_UID: '5b0c7e52-3a0f-4c39-9d7e-0d6f1c2a9b41',
  OPSFLOW_ARGO_UI_URL: 'https://argo.example.com/',
};
const LINK = 'https://argo.example.com/workflows/ops/hypervisor-maintenance-x7k2p';

function send(argv: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(catalog, ['notify', 'send', ...argv], { env: { ...workflowEnv, ...env } });
}
const output = (run: CliRun, name: string) => readFileSync(join(run.outputDir, name), 'utf8');
const outputsOf = (run: CliRun) => [run.stdout, run.stderr, JSON.stringify(run.result())].join('\n');

const template = [
  '--subject',
  'Maintenance of ${host}',
  '--message',
  'Compute service disabled: ${reason}. Workflow: ${workflow.url}',
  '--vars',
  JSON.stringify({ host: 'cmp1', reason: 'disk' }),
];

describe('slack (chat.postMessage)', () => {
  const env = () => ({ SLACK_API_URL: `${fake.url}/api`, SLACK_BOT_TOKEN });

  it('posts the rendered message with the bot token; the output is the message ts', async () => {
    const run = await send(['--via', 'slack', '--to', '["C0OPS"]', ...template], env());

    expect(run.code).toBe(0);
    expect(fake.posted.slackApi).toEqual([
      { channel: 'C0OPS', text: `*Maintenance of cmp1*\nCompute service disabled: disk. Workflow: ${LINK}` },
    ]);
    const [request] = fake.requests;
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${SLACK_BOT_TOKEN}`,
      'content-type': 'application/json; charset=utf-8',
    });
    expect(output(run, 'messageId')).toMatch(/^\d+\.000001$/);
    expect(run.result()).toMatchObject({ outcome: 'changed', message: 'sent via slack to C0OPS' });
  });

  it('escapes &, < and > in values so a value cannot mention or link; the template keeps its own markup', async () => {
    const run = await send(
      [
        '--via',
        'slack',
        '--to',
        '["C0OPS"]',
        '--message',
        '<${workflow.url}|${host}> & co',
        '--vars',
        '{"host":"<!channel> a&b"}',
      ],
      env(),
    );

    expect(run.code).toBe(0);
    expect(fake.posted.slackApi).toEqual([{ channel: 'C0OPS', text: `<${LINK}|&lt;!channel&gt; a&amp;b> & co` }]);
  });

  it('an {ok: false} answer with HTTP 200 is an error: channel_not_found is exit 3', async () => {
    const run = await send(['--via', 'slack', '--to', '["C0NOPE"]', '--message', 'hi'], env());

    expect(run.code).toBe(3);
    expect(run.message).toBe('Slack chat.postMessage to C0NOPE: Slack answered ok=false, error "channel_not_found"\n');
  });

  it('internal_error is transient (exit 75); a wrong token is exit 3 and never shown', async () => {
    fake.faults.add({ reply: { status: 200, body: { ok: false, error: 'internal_error' } } });
    const transient = await send(['--via', 'slack', '--to', '["C0OPS"]', '--message', 'hi'], env());
    expect(transient.code).toBe(75);

    const token = 'xoxb-9999-wrongTokenValue';
    const wrong = await send(['--via', 'slack', '--to', '["C0OPS"]', '--message', 'hi'], {
      ...env(),
      SLACK_BOT_TOKEN: token,
    });
    expect(wrong.code).toBe(3);
    expect(wrong.message).toContain('error "invalid_auth"');
    expect(outputsOf(wrong)).not.toContain(token);
  });

  it('429 with Retry-After: waits, posts again, one message', async () => {
    fake.faults.add({
      reply: { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } },
    });
    const started = Date.now();

    const run = await send(['--via', 'slack', '--to', '["#ops"]', '--message', 'hi'], env());

    expect(run.code).toBe(0);
    expect(fake.requests).toHaveLength(2);
    expect(fake.posted.slackApi).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(run.logs.find((l) => l.event === 'notify-retry')).toMatchObject({ reason: 'status 429' });
  });

  it('reads the token from a mounted file (SLACK_BOT_TOKEN_FILE)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsflow-notify-'));
    writeFileSync(join(dir, 'token'), `${SLACK_BOT_TOKEN}\n`);

    const run = await send(['--via', 'slack', '--to', '["C0OPS"]', '--message', 'hi'], {
      SLACK_API_URL: `${fake.url}/api`,
      SLACK_BOT_TOKEN_FILE: join(dir, 'token'),
    });

    expect(run.code).toBe(0);
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${SLACK_BOT_TOKEN}`);
  });
});

describe('slack-webhook', () => {
  it('posts {text} to the webhook URL', async () => {
    const run = await send(['--via', 'slack-webhook', ...template], {
      SLACK_WEBHOOK_URL: `${fake.url}${WEBHOOK_PATH}`,
    });

    expect(run.code).toBe(0);
    expect(fake.posted.slackWebhook).toEqual([
      { text: `*Maintenance of cmp1*\nCompute service disabled: disk. Workflow: ${LINK}` },
    ]);
    expect(output(run, 'messageId')).toBe('');
  });

  it('the webhook URL is a secret: never in stdout, stderr or result.json, even in errors', async () => {
    const hook = `${fake.url}/services/T0001/B0001/revokedWebhookSecret`;
    const gone = await send(['--via', 'slack-webhook', '--message', 'hi'], { SLACK_WEBHOOK_URL: hook });
    expect(gone.code).toBe(3);
    expect(gone.message).toBe(`Slack incoming webhook: POST ${fake.url}/*** returned 404: no_service\n`);
    expect(outputsOf(gone)).not.toContain('revokedWebhookSecret');

    fake.faults.add({ reply: { status: 503 } });
    const down = await send(['--via', 'slack-webhook', '--message', 'hi'], {
      SLACK_WEBHOOK_URL: `${fake.url}${WEBHOOK_PATH}`,
    });
    expect(down.code).toBe(75);
    // A POST is not repeated after a 5xx: it may have been delivered.
    expect(fake.requests.filter((r) => r.url === WEBHOOK_PATH)).toHaveLength(1);
    expect(outputsOf(down)).not.toContain('fakeIncomingWebhookSecret');
  });

  it('without the secret: exit 3 naming both variables; a malformed one is exit 3 without its value', async () => {
    const run = await send(['--via', 'slack-webhook', '--message', 'hi']);
    expect(run.code).toBe(3);
    expect(run.message).toBe('no Slack webhook: set SLACK_WEBHOOK_URL or SLACK_WEBHOOK_URL_FILE\n');

    const malformed = await send(['--via', 'slack-webhook', '--message', 'hi'], {
      SLACK_WEBHOOK_URL: 'hooks.slack.com/T1/B2/xyzSecret',
    });
    expect(malformed.code).toBe(3);
    expect(malformed.message).toBe(
      'SLACK_WEBHOOK_URL must be an http(s) URL (its value is not shown: it is a secret)\n',
    );
    expect(outputsOf(malformed)).not.toContain('xyzSecret');
  });
});

describe('webex', () => {
  const env = () => ({ WEBEX_API_URL: `${fake.url}/v1`, WEBEX_TOKEN });

  it('posts markdown to a room, or to a person by e-mail', async () => {
    const room = await send(['--via', 'webex', '--to', '["ROOM-OPS"]', ...template], env());
    const person = await send(
      ['--via', 'webex', '--to', '["owner@example.com"]', '--message', 'hello ${host}', '--vars', '{"host":"cmp1"}'],
      env(),
    );

    expect([room.code, person.code]).toEqual([0, 0]);
    expect(fake.posted.webex).toEqual([
      { roomId: 'ROOM-OPS', markdown: `**Maintenance of cmp1**\n\nCompute service disabled: disk. Workflow: ${LINK}` },
      { toPersonEmail: 'owner@example.com', markdown: 'hello cmp1' },
    ]);
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${WEBEX_TOKEN}`);
    expect(output(room, 'messageId')).toBe('MSG-1');
  });

  it('an unknown room is exit 3 with Webex message; 429 is waited out', async () => {
    const unknown = await send(['--via', 'webex', '--to', '["ROOM-NOPE"]', '--message', 'hi'], env());
    expect(unknown.code).toBe(3);
    expect(unknown.message).toMatch(
      /^Webex message to ROOM-NOPE: POST .*\/v1\/messages returned 404: .*Could not find a room with provided ID/,
    );

    fake.faults.add({ reply: { status: 429, headers: { 'retry-after': '1' } } });
    const throttled = await send(['--via', 'webex', '--to', '["ROOM-OPS"]', '--message', 'hi'], env());
    expect(throttled.code).toBe(0);
    expect(fake.posted.webex).toHaveLength(1);
  });
});

describe('webhook (generic JSON)', () => {
  it('posts subject, text, the Workflow and the vars, with the optional bearer token', async () => {
    const run = await send(['--via', 'webhook', ...template], {
      NOTIFY_WEBHOOK_URL: `${fake.url}/hooks/ops-bot`,
      NOTIFY_WEBHOOK_TOKEN: 'hook-token-123456',
    });

    expect(run.code).toBe(0);
    const [request] = fake.posted.webhook;
    expect(request?.headers.authorization).toBe('Bearer hook-token-123456');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      id: expect.stringMatching(/^opsflow-[0-9a-f]{32}$/),
      subject: 'Maintenance of cmp1',
      text: `Compute service disabled: disk. Workflow: ${LINK}`,
      workflow: {
        name: workflowEnv.ARGO_WORKFLOW_NAME,
        namespace: 'ops',
        uid: workflowEnv.ARGO_WORKFLOW_UID,
        url: LINK,
      },
      vars: { host: 'cmp1', reason: 'disk' },
    });
  });
});

describe('--dry-run and templates', () => {
  it('renders and shows the message, sends nothing, needs no secret', async () => {
    const run = await send(['--via', 'slack', '--to', '["C0OPS"]', ...template, '--dry-run']);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `would send via slack to C0OPS:\n*Maintenance of cmp1*\nCompute service disabled: disk. Workflow: ${LINK}\n`,
    );
    expect(run.result()).toMatchObject({ outcome: 'dry-run', details: { subject: 'Maintenance of cmp1' } });
    expect(fake.requests).toEqual([]);
  });

  it('an unknown placeholder is exit 2 naming it and the known ones; $${ is a literal ${', async () => {
    const unknown = await send([
      '--via',
      'webhook',
      '--message',
      'host ${hots}',
      '--vars',
      '{"host":"a"}',
      '--dry-run',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.message).toBe(
      'message: unknown placeholder ${hots}; known: ${host}, ${workflow.name}, ${workflow.namespace}, ${workflow.uid}, ${workflow.url}\n',
    );

    const literal = await send([
      '--via',
      'webhook',
      '--message',
      'cost $${price} for ${host}',
      '--vars',
      '{"host":"a"}',
      '--dry-run',
    ]);
    expect(literal.stdout).toBe('would send via webhook:\ncost ${price} for a\n');

    const open = await send(['--via', 'webhook', '--message', 'oops ${host', '--dry-run']);
    expect(open.code).toBe(2);
    expect(open.message).toMatch(/^message: a placeholder opened with \$\{ is not closed/);
  });

  it('without the Argo UI address, ${workflow.url} is empty', async () => {
    const run = await send(['--via', 'webhook', '--message', '[${workflow.url}]', '--dry-run'], {
      OPSFLOW_ARGO_UI_URL: '',
    });
    expect(run.stdout).toBe('would send via webhook:\n[]\n');
  });

  it('recipients that do not fit the transport are exit 2', async () => {
    const run = await send(['--via', 'email', '--to', '["not-an-address"]', '--message', 'hi']);
    expect(run.code).toBe(2);
    expect(run.message.split('\n').slice(0, 4)).toEqual([
      'invalid input for notify/send:',
      '  to: email: "not-an-address" is not an e-mail address (got ["not-an-address"] from --to)',
      '  from: email needs a sender (missing: set --from, OPSFLOW_FROM or "from" in --input-file)',
      '  subject: email needs a subject (missing: set --subject, OPSFLOW_SUBJECT or "subject" in --input-file)',
    ]);
    const webhook = await send(['--via', 'slack-webhook', '--to', '["#ops"]', '--message', 'hi']);
    expect(webhook.message).toContain('to: slack-webhook: leave empty, the webhook URL decides where it goes');
  });
});

/**
 * A message posted, then its answer lost (the connection resets after the target accepted it). A POST is never
 * repeated in-process (exit 75), and Argo runs the step again: what each transport then allows.
 */
describe('posted, answer lost, retried', () => {
  const lostAfterPosting = () => fake.faults.add({ applied: true, reply: { reset: true } });

  it.each([
    {
      via: 'slack',
      to: 'C0OPS',
      env: (): Record<string, string> => ({ SLACK_API_URL: `${fake.url}/api`, SLACK_BOT_TOKEN }),
      posted: () => fake.posted.slackApi,
    },
    {
      via: 'webex',
      to: 'ROOM-OPS',
      env: (): Record<string, string> => ({ WEBEX_API_URL: `${fake.url}/v1`, WEBEX_TOKEN }),
      posted: () => fake.posted.webex,
    },
  ])(
    '$via takes no idempotency key: exit 75, and the run again posts a second time (at least once)',
    async ({ via, to, env, posted }) => {
      lostAfterPosting();
      const first = await send(['--via', via, '--to', JSON.stringify([to]), ...template], env());
      expect(first.code).toBe(75);
      // Not repeated in-process: one message although its answer was lost.
      expect(posted()).toHaveLength(1);
      const again = await send(['--via', via, '--to', JSON.stringify([to]), ...template], env());
      expect(again.code).toBe(0);
      expect(posted()).toHaveLength(2);
    },
  );

  it('webhook: the run again carries the same Idempotency-Key and id, another Workflow another one', async () => {
    const env = { NOTIFY_WEBHOOK_URL: `${fake.url}/hooks/ops-bot` };
    lostAfterPosting();
    expect((await send(['--via', 'webhook', ...template], env)).code).toBe(75);
    expect((await send(['--via', 'webhook', ...template], env)).code).toBe(0);
    const other = { ...env, ARGO_WORKFLOW_UID: '0d6f1c2a-0000-4c39-9d7e-5b0c7e523a0f' };
    expect((await send(['--via', 'webhook', ...template], other)).code).toBe(0);
    const keys = fake.posted.webhook.map((r) => r.headers['idempotency-key']);
    const ids = fake.posted.webhook.map((r) => JSON.parse(r.body).id);
    expect(keys[0]).toMatch(/^opsflow-[0-9a-f]{32}$/);
    expect(keys).toEqual([keys[0], keys[0], expect.not.stringMatching(keys[0] as string)]);
    expect(ids).toEqual(keys);
  });
});
