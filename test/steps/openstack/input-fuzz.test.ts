import fc from 'fast-check';
import { steps } from '../../../src/steps/openstack/index.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import { runCli } from '../runtime/harness.js';

// Every OpenStack step (Ironic, Keystone, Nova) fed random flags with no cloud configured: a run either rejects its
// input (exit 2, each line naming a flag) or gets as far as the cloud configuration (exit 3, "no OpenStack cloud
// configured"). Nothing crashes and nothing is sent anywhere.
const mine = steps;
const catalog = catalogFromSteps(mine);
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const raw = fc.oneof(
  // biome-ignore format: value lists
  fc.constantFrom(
    '', 'on', 'off', 'reboot', 'manage', 'provide', 'clean', 'rebuild', 'true', 'false', '0', '-1', '2', '9', '0.05',
    'n1', 'Default', 'member', '[]', '{}', '["member"]', '[{"interface":"deploy","step":"erase_devices"}]',
    '[{"interface":"bios"}]', '{"instances":-2}', '{"cores":4}', 'bad name!', ' padded ', 'x'.repeat(300),
    '6f1c1c4e-0000-4000-8000-000000000000', 'cmp1', 'SOFT', 'HARD', 'live', 'cold', 'auto', '10', '0.1',
  ),
  fc.string({ maxLength: 10 }),
  fc.json({ maxDepth: 2 }),
);

describe.each(mine.map((step) => [step.name, step] as const))('openstack %s input', (_, step) => {
  test('is rejected naming each flag, or reaches the cloud configuration; never crashes', async () => {
    const keys = Object.keys(step.input._zod.def.shape);
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...keys), raw, { maxKeys: 5 }), async (flags) => {
        const argv = ['openstack', step.name, ...Object.entries(flags).map(([k, v]) => `--${kebab(k)}=${v}`)];
        const run = await runCli(catalog, argv, { env: {} });
        const message = String(run.result().message);
        if (run.code === 2) {
          const lines = message.split('\n').slice(1);
          expect(lines.length).toBeGreaterThan(0);
          for (const line of lines) expect(line).toMatch(/^ {2}\S.*: .*(from --[a-z-]+|missing: set --[a-z-]+)/);
        } else {
          expect(run.code).toBe(3);
          expect(message).toBe('no OpenStack cloud configured: set OS_CLOUD (with a clouds.yaml) or OS_AUTH_URL');
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
