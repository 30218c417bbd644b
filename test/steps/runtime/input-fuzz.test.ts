import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import { DemoRestartInput, demoRead, demoRestart, ran } from './demo-steps.js';
import { runCli } from './harness.js';

const catalog = catalogFromSteps([demoRestart, demoRead]);
const fields = Object.keys(DemoRestartInput.shape);
const flagOf = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const envOf = (key: string) => `OPSFLOW_${flagOf(key).slice(2).replaceAll('-', '_').toUpperCase()}`;

/** Strings shaped like what flags and variables carry: plausible values, JSON, numbers, junk. */
const rawValue = fc.oneof(
  fc.constantFrom('', 'web', 'shop', 'true', 'false', '3', '-1', '1e3', '0x10', 'hard', '["a"]', '{}', 'null', '--x'),
  fc.string({ maxLength: 12 }),
  fc.integer().map(String),
  fc.json({ maxDepth: 2 }),
);
const knownKey = fc.constantFrom(...fields);
const anyKey = fc.oneof(
  knownKey,
  fc.constantFrom('__proto__', 'constructor', 'replica', 'dryRun'),
  fc.string({ maxLength: 8 }),
);

describe('input parsing under fuzzing', () => {
  it('never crashes: every run exits 0 or 2, and every rejection names a field or flag it got', async () => {
    const first = await runCli(catalog, ['list']);
    const file = join(first.outputDir, 'input.json');
    const seen = { accepted: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(knownKey, rawValue), { maxLength: 3 }),
        fc.array(fc.tuple(knownKey, rawValue), { maxLength: 3 }),
        fc.option(fc.dictionary(anyKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), { nil: undefined, freq: 2 }),
        fc.array(fc.string({ maxLength: 10 }), { maxLength: 2 }),
        fc.boolean(),
        async (flags, env, fileInput, extraArgs, validBase) => {
          ran.length = 0;
          const argv = ['kubernetes', 'demo-restart', ...flags.flatMap(([key, value]) => [flagOf(key), value])];
          if (fileInput !== undefined) {
            writeFileSync(file, JSON.stringify(fileInput));
            argv.push('--input-file', file);
          }
          if (extraArgs.length > 0 && !validBase) argv.push(...extraArgs);
          // Half the runs start from a valid input (lowest precedence) that the fuzzed values may or may not break.
          const base: Record<string, string> = validBase ? { OPSFLOW_NAMESPACE: 'shop', OPSFLOW_NAME: 'web' } : {};
          const run = await runCli(catalog, argv, {
            env: { ...base, ...Object.fromEntries(env.map(([key, value]) => [envOf(key), value])) },
          });
          expect([0, 2]).toContain(run.code);
          seen[run.code === 0 ? 'accepted' : 'rejected'] += 1;
          if (run.code === 0) {
            expect(ran).toHaveLength(1);
            expect(DemoRestartInput.safeParse(ran[0]).success).toBe(true);
            return;
          }
          expect(ran).toEqual([]);
          if (run.stderr.startsWith('error:')) {
            // A usage error from the parser: it quotes the offending flag or argument.
            expect(run.stderr).toMatch(/'[^']*'|argument|--dry-run/);
            return;
          }
          const lines = run.stderr
            .trim()
            .split('\n')
            .filter((line) => !line.startsWith('{'))
            .slice(1);
          expect(run.stdout).toBe('');
          expect(lines.length).toBeGreaterThan(0);
          const named = new Set([...fields, ...Object.keys(fileInput ?? {})]);
          const shown = [...named].map((key) => (/^\w+$/.test(key) ? key : JSON.stringify(key)));
          for (const line of lines.filter((text) => text.startsWith('  '))) {
            expect(shown.some((key) => line.startsWith(`  ${key}:`) || line.startsWith(`  ${key}.`))).toBe(true);
            expect(line).toMatch(/\((got .* from .*|missing: set --.*)\)$/);
          }
        },
      ),
      { numRuns: 300 },
    );
    // Both paths were exercised, not only rejections.
    expect(seen.accepted).toBeGreaterThan(0);
    expect(seen.rejected).toBeGreaterThan(0);
  });
});
