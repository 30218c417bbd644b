import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from '../../../src/common/zod-mini.js';
import { createStepContext } from '../../../src/steps/runtime/context.js';
import type { StepDefinition, StepResult } from '../../../src/steps/runtime/step.js';
import { FakeElastiCache } from '../../fakes/aws/fake-elasticache.js';
import { FAKE_CREDENTIALS, FakeRds } from '../../fakes/aws/fake-rds.js';

// The SDK's default credential chain reads the process environment first: fake credentials only, never real ones,
// and nothing that could reach an instance metadata service or a developer's ~/.aws.
Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_PROFILE;

export interface StepRun {
  readonly result?: StepResult;
  readonly error?: Error & { exitCode?: number };
  readonly logs: Record<string, unknown>[];
  readonly outputs: Record<string, string>;
}

/** A fake RDS on 127.0.0.1 plus the environment a step needs to reach it. */
export async function startFakeRds(options?: ConstructorParameters<typeof FakeRds>[0]) {
  const fake = new FakeRds(options);
  const endpoint = await fake.start();
  const env: Record<string, string> = {
    AWS_REGION: fake.region,
    AWS_ENDPOINT_URL_RDS: endpoint,
    AWS_MAX_ATTEMPTS: '3',
  };
  return { fake, endpoint, env };
}

/** A fake ElastiCache API on 127.0.0.1 plus the environment a step needs to reach it. */
export async function startFakeElastiCache() {
  const fake = new FakeElastiCache();
  const endpoint = await fake.start();
  const env: Record<string, string> = {
    AWS_REGION: fake.region,
    AWS_ENDPOINT_URL_ELASTICACHE: endpoint,
    AWS_MAX_ATTEMPTS: '3',
  };
  return { fake, endpoint, env };
}

/**
 * Runs a step the way `opsflow-step` does: the raw input is parsed by the step's schema, then `run` gets a real
 * step context whose JSON log lines and output files are captured.
 */
export async function runStep(
  step: StepDefinition,
  rawInput: Record<string, unknown>,
  options: { env: Record<string, string>; dryRun?: boolean; signal?: AbortSignal },
): Promise<StepRun> {
  const outputDir = mkdtempSync(join(tmpdir(), 'opsflow-aws-'));
  const logs: Record<string, unknown>[] = [];
  const input = z.parse(step.input, rawInput);
  const ctx = createStepContext({
    step: `${step.system}/${step.name}`,
    target: step.target(input),
    dryRun: options.dryRun ?? false,
    env: options.env,
    outputDir,
    outputs: step.outputs,
    files: step.files,
    logSink: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
    signal: options.signal,
  });
  const readOutputs = () =>
    Object.fromEntries(readdirSync(outputDir).map((name) => [name, readFileSync(join(outputDir, name), 'utf8')]));
  try {
    const result = await step.run(input, ctx);
    return { result, logs, outputs: readOutputs() };
  } catch (error) {
    return { error: error as Error & { exitCode?: number }, logs, outputs: readOutputs() };
  }
}

/** Fast polling for tests: the fake settles transitional statuses after a few describes. */
export const FAST_WAIT = { pollIntervalSeconds: 0.01, timeoutSeconds: 30 } as const;
