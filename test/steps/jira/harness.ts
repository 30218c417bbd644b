import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { steps } from '../../../src/steps/jira/index.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import type { FakeJira } from '../../fakes/jira/server.js';
import { type CliRun, runCli } from '../runtime/harness.js';

const catalog = catalogFromSteps(steps);

/** `opsflow-step jira <argv>` in-process against the fake Jira. */
export function jiraStep(jira: FakeJira, argv: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(catalog, ['jira', ...argv], { env: { ...jira.env, ...env } });
}

export function outputOf(run: CliRun, name: string): string {
  return readFileSync(join(run.outputDir, name), 'utf8');
}

/** The bodies of the requests that changed something, parsed. */
export function writtenBodies(jira: FakeJira): { url: string; body: unknown }[] {
  return jira.writes().map((r) => ({ url: r.url, body: JSON.parse(r.body) as unknown }));
}
