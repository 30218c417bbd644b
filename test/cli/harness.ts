import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { CliIo } from '../../src/cli/io.js';
import { createProgram, runCli } from '../../src/cli/program.js';
import type { WorkflowTemplate } from '../../src/clients/argo/index.js';
import { approvalTemplate } from '../../src/constructs/workflows/step-template.js';
import { FakeArgoServer, type FakeArgoServerOptions } from '../fakes/argo-server/server.js';

/** A composite of the catalog: a DAG of steps with an exit handler (src/catalog/composites/ironic-node-enroll.ts). */
export const ENROLL = 'ironic-node-enroll';
export const ROOT = join(import.meta.dirname, '..', '..');
export const ALICE = {
  token: 'alice-token',
  info: {
    subject: 'alice@sso',
    email: 'alice@example.com',
    name: 'Alice',
    groups: ['ops'],
    serviceAccountName: 'opsflow-operator',
    serviceAccountNamespace: 'opsflow',
  },
};
export const BOB = { token: 'bob-token', info: { subject: 'bob', email: 'bob@example.com' }, mayRun: [] };

/** The committed, generated WorkflowTemplate of the catalog action. */
export function committedTemplate(name: string): WorkflowTemplate {
  return parse(readFileSync(join(ROOT, 'workflowtemplates', `${name}.yaml`), 'utf8')) as WorkflowTemplate;
}

/** The same template as `approval: true` renders it: the approval suspend node before the step. */
export function withApproval(template: WorkflowTemplate, name: string): WorkflowTemplate {
  const copy = structuredClone(template);
  copy.metadata.name = name;
  const main = copy.spec.templates!.find((t) => t.name === 'main')!;
  (main.steps as unknown[]).unshift([{ name: 'approval', template: 'approval' }]);
  copy.spec.templates!.push(approvalTemplate('approval') as never);
  return copy;
}

export async function startFake(options: Partial<FakeArgoServerOptions> = {}): Promise<FakeArgoServer> {
  const restart = committedTemplate('openshift-workload-restart');
  return new FakeArgoServer({
    templates: [restart, withApproval(restart, 'approved-restart'), committedTemplate(ENROLL)],
    users: [ALICE, BOB],
    ...options,
  }).start();
}

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `opsflow <args>` in-process against the fake, as a person would type it; returns what they see. */
export async function opsflow(
  fake: FakeArgoServer | undefined,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  /** `tty`: stderr is a terminal; `columns`: stdout is a terminal this wide. */
  options: { tty?: boolean; columns?: number } = {},
): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: {
      write: (text: string) => (stdout += text),
      ...(options.columns ? { isTTY: true, columns: options.columns } : {}),
    },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty },
    env: fake ? { ARGO_SERVER: fake.url, ARGO_TOKEN: `Bearer ${ALICE.token}`, ...env } : env,
    retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 },
    now: () => Date.parse('2026-01-05T10:01:00Z'),
    exitCode: 0,
  };
  const connection = fake ? ['--certificate-authority', fake.caFile] : [];
  const code = await runCli(createProgram(io), [...connection, ...args], io);
  return { code, stdout, stderr };
}
