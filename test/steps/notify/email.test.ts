import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { steps } from '../../../src/steps/notify/index.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import { body, type FakeSmtp, header, startFakeSmtp } from '../../fakes/notify/smtp.js';
import { type CliRun, runCli } from '../runtime/harness.js';

const catalog = catalogFromSteps(steps);
const account = { user: 'opsflow@example.com', pass: 'smtp-Passw0rd-for-tests' };
let smtp: FakeSmtp;

afterEach(async () => {
  await smtp?.close();
  rmSync(smtp.certificate.dir, { recursive: true, force: true });
});

function smtpEnv(extra: Record<string, string> = {}): Record<string, string> {
  const ca = join(smtp.certificate.dir, 'ca.pem');
  writeFileSync(ca, smtp.certificate.cert);
  const password = join(smtp.certificate.dir, 'password');
  writeFileSync(password, `${account.pass}\n`);
  return {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_USERNAME: account.user,
    SMTP_PASSWORD_FILE: password,
    SMTP_CA_FILE: ca,
    ARGO_WORKFLOW_NAME: 'hypervisor-maintenance-x7k2p',
    ARGO_WORKFLOW_NAMESPACE: 'ops',
    ...extra,
  };
}

const argv = (to = ['owner@example.com', 'Ops <ops@example.com>']) => [
  'notify',
  'send',
  '--via',
  'email',
  '--from',
  'opsflow <opsflow@example.com>',
  '--to',
  JSON.stringify(to),
  '--subject',
  'Maintenance of ${host}',
  '--message',
  'Your servers on ${host} move elsewhere.\nDetails: ${workflow.url}',
  '--vars',
  '{"host":"cmp1"}',
  '--argo-ui-url',
  'https://argo.example.com',
];

const outputsOf = (run: CliRun) => [run.stdout, run.stderr, JSON.stringify(run.result())].join('\n');

test('sends over STARTTLS with AUTH: the server receives the rendered message', async () => {
  smtp = await startFakeSmtp(account);

  const run = await runCli(catalog, argv(), { env: smtpEnv() });

  expect(run.code).toBe(0);
  const [mail, ...more] = smtp.received;
  expect(more).toEqual([]);
  expect(mail).toMatchObject({
    from: 'opsflow@example.com',
    to: ['owner@example.com', 'ops@example.com'],
    user: account.user,
    tls: true,
  });
  expect(mail && header(mail, 'Subject')).toBe('Maintenance of cmp1');
  expect(mail && header(mail, 'From')).toBe('opsflow <opsflow@example.com>');
  expect(mail && header(mail, 'To')).toBe('owner@example.com, Ops <ops@example.com>');
  expect(mail && body(mail).replace(/\r\n/g, '\n').trimEnd()).toBe(
    'Your servers on cmp1 move elsewhere.\nDetails: https://argo.example.com/workflows/ops/hypervisor-maintenance-x7k2p',
  );
  const messageId = readFileSync(join(run.outputDir, 'messageId'), 'utf8');
  expect(mail && header(mail, 'Message-ID')).toBe(messageId);
  expect(run.result()).toMatchObject({
    outcome: 'changed',
    message: 'sent via email to owner@example.com, Ops <ops@example.com>',
  });
  expect(outputsOf(run)).not.toContain(account.pass);
});

test('a wrong password is exit 3, and the password is in no output', async () => {
  smtp = await startFakeSmtp({ ...account, pass: 'another-password' });

  const run = await runCli(catalog, argv(), { env: smtpEnv() });

  expect(run.code).toBe(3);
  expect(run.message).toMatch(/^e-mail via 127\.0\.0\.1:\d+: Invalid login: 535 Authentication failed/);
  expect(smtp.received).toEqual([]);
  expect(outputsOf(run)).not.toContain(account.pass);
});

test('a server without STARTTLS gets no password: exit 3', async () => {
  const attempts: string[] = [];
  smtp = await startFakeSmtp(account, {
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => {
      attempts.push(auth.username ?? '');
      callback(null, { user: auth.username });
    },
  });

  const run = await runCli(catalog, argv(), { env: smtpEnv() });

  expect(run.code).toBe(3);
  expect(run.message).toMatch(/STARTTLS/i);
  expect(attempts).toEqual([]);
  expect(smtp.received).toEqual([]);
});

test('a certificate the step does not trust is exit 3 (not retried)', async () => {
  smtp = await startFakeSmtp(account);
  const env = smtpEnv();
  delete env.SMTP_CA_FILE;

  const run = await runCli(catalog, argv(), { env });

  expect(run.code).toBe(3);
  expect(run.message).toMatch(/certificate/i);
});

test('a refused recipient (550) is exit 3; a deferred one (451) is exit 75', async () => {
  smtp = await startFakeSmtp(account);

  const refused = await runCli(catalog, argv(['nobody@reject.example']), { env: smtpEnv() });
  expect(refused.code).toBe(3);
  expect(refused.message).toMatch(/nobody@reject\.example: no such user/);

  const deferred = await runCli(catalog, argv(['someone@later.example']), { env: smtpEnv() });
  expect(deferred.code).toBe(75);
  expect(smtp.received).toEqual([]);
});

test('nothing listening: exit 75', async () => {
  smtp = await startFakeSmtp(account);
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as { port: number };
  await new Promise<void>((resolve) => closed.close(() => resolve()));

  const run = await runCli(catalog, argv(), { env: smtpEnv({ SMTP_PORT: String(port) }) });

  expect(run.code).toBe(75);
  expect(run.message).toMatch(/ECONNREFUSED/);
});

test('the run again of one send has the same Message-ID, so a repeat is recognisable; another Workflow a new one', async () => {
  smtp = await startFakeSmtp(account);
  const env = { ...smtpEnv(), ARGO_WORKFLOW_UID: '5b0c7e52-3a0f-4c39-9d7e-0d6f1c2a9b41' };
  const first = await runCli(catalog, argv(), { env });
  const again = await runCli(catalog, argv(), { env });
  const other = await runCli(catalog, argv(), { env: { ...env, ARGO_WORKFLOW_UID: 'another-uid' } });
  expect([first.code, again.code, other.code]).toEqual([0, 0, 0]);
  const ids = smtp.received.map((mail) => header(mail, 'Message-ID'));
  expect(ids[0]).toMatch(/^<opsflow-[0-9a-f]{32}@example\.com>$/);
  expect(ids[1]).toBe(ids[0]);
  expect(ids[2]).not.toBe(ids[0]);
  expect(readFileSync(join(first.outputDir, 'messageId'), 'utf8')).toBe(ids[0]);
});
