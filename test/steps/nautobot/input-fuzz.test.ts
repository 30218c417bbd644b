import fc from 'fast-check';
import { steps as nautobotSteps } from '../../../src/steps/nautobot/index.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import { runCli } from '../runtime/harness.js';

// The Nautobot sync steps, fed random flags with no server configured: a run either rejects its input (exit 2,
// naming the flag and value) or gets as far as its configuration (exit 3 for a missing NAUTOBOT_URL or OpenStack
// cloud). Nothing crashes (exit 1), nothing else happens. (The Nova steps are fuzzed with the other OpenStack steps,
// test/steps/openstack/input-fuzz.test.ts.)
const mine = nautobotSteps;
const catalog = catalogFromSteps(mine);
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const raw = fc.oneof(
  fc.constantFrom(
    '',
    'true',
    'false',
    '0',
    '-1',
    '3.5',
    '1e9',
    'auto',
    'SOFT',
    'cold',
    'cmp1',
    'n1',
    '{}',
    '[1]',
    '--x',
  ),
  fc.constantFrom(
    '6f1c1c4e-0000-4000-8000-000000000000',
    'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    'bad name!',
    'x'.repeat(300),
  ),
  fc.string({ maxLength: 10 }),
);

describe.each(mine.map((step) => [`${step.system} ${step.name}`, step] as const))('%s input', (_, step) => {
  it('is rejected with the flag named, or reaches the configuration; never crashes', async () => {
    const keys = Object.keys(step.input._zod.def.shape);
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...keys), raw, { maxKeys: 4 }), async (flags) => {
        const argv = [step.system, step.name, ...Object.entries(flags).flatMap(([k, v]) => [`--${kebab(k)}=${v}`])];
        const run = await runCli(catalog, argv, { env: {} });
        const message = String(run.result().message);
        expect(run.code).toBe(message.startsWith('invalid input for') ? 2 : 3);
        if (message.startsWith('invalid input for')) {
          const named = message.split('\n').slice(1);
          expect(named.length).toBeGreaterThan(0);
          for (const line of named) expect(line).toMatch(/--[a-z-]+|OPSFLOW_|required|unknown field/);
        } else {
          expect(message).toMatch(/NAUTOBOT_URL|Nautobot token|OpenStack cloud|OS_CLOUD|OS_AUTH_URL/);
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
