import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { NotFoundError, PreconditionError, TransientError } from '../../../src/steps/runtime/errors.js';
import { defineStep } from '../../../src/steps/runtime/step.js';

/** Small steps for the runtime's tests: one mutating, one read-only. Each records the input it ran with. */
export const ran: unknown[] = [];

export const DemoRestartInput = z.strictObject({
  namespace: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
    .describe('Namespace of the workload'),
  name: z.string().min(1).describe('Name of the workload'),
  replicas: z.number().int().min(0).max(10).default(1).describe('Replicas to keep'),
  wait: z.boolean().default(true).describe('Wait until it is done'),
  labels: z.array(z.string()).optional().describe('Labels to add'),
  mode: z.enum(['soft', 'hard']).default('soft').describe('How hard to restart'),
  note: z.string().optional().describe('A note for the log'),
});

export const demoRestart = defineStep({
  system: 'kubernetes',
  name: 'demo-restart',
  description: 'Restart a demo workload',
  input: DemoRestartInput,
  mutating: true,
  outputs: { restartedAt: 'When it restarted' },
  files: { events: 'What it did, one line per event' },
  target: (input) => `Deployment ${input.namespace}/${input.name}`,
  async run(input, ctx) {
    ran.push(input);
    switch (input.name) {
      case 'missing':
        throw new NotFoundError(`Deployment ${input.namespace}/missing not found`);
      case 'locked':
        throw new PreconditionError('Deployment is paused');
      case 'flaky':
        throw new TransientError('API server answered 503 three times');
      case 'buggy':
        throw new TypeError('cannot read x of undefined at https://admin:hunter2hunter2@api.example.com/apis');
      case 'leaky': {
        const token = await ctx.secret('DEMO_TOKEN');
        ctx.log.info('calling', { header: `Bearer ${token}` });
        await ctx.output('restartedAt', { note: `refused with ${token}` });
        throw new Error(`server rejected ${token}`);
      }
      case 'careless':
        // A bug the runtime must catch: a change made (or claimed) during --dry-run.
        return { outcome: 'changed', message: `restarted ${input.namespace}/careless` };
      case 'slow':
        await new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
        });
    }
    if (ctx.dryRun) return { outcome: 'dry-run', message: `would restart ${input.namespace}/${input.name}` };
    await ctx.output('restartedAt', '2026-01-01T00:00:00Z');
    writeFileSync(ctx.outputPath('events'), 'restarted\n');
    return {
      outcome: 'changed',
      message: `restarted ${input.namespace}/${input.name}`,
      details: { replicas: input.replicas },
    };
  },
});

export const demoRead = defineStep({
  system: 'kubernetes',
  name: 'demo-read',
  description: 'Read a demo workload',
  input: z.strictObject({ name: z.string().min(1).describe('Name of the workload') }),
  mutating: false,
  target: (input) => `Deployment ${input.name}`,
  async run(input) {
    ran.push(input);
    return { outcome: 'unchanged', message: `read ${input.name}` };
  },
});
