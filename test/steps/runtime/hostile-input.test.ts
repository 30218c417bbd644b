import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allFamilies } from '../../../src/steps/bin/families.js';
import { familyCatalog, type StepCatalog } from '../../../src/steps/runtime/catalog.js';
import { runCli } from './harness.js';

describe('hostile input', () => {
  let catalog: StepCatalog;
  beforeAll(async () => {
    catalog = await familyCatalog(allFamilies);
  }, 30_000);

  it('a 30,000-character --cluster exits 2 naming the field, before any file is opened', async () => {
    const cluster = 'a'.repeat(30_000);
    const run = await runCli(catalog, [
      'kubernetes',
      'workload-restart',
      '--cluster',
      cluster,
      '--namespace',
      'shop',
      '--kind',
      'Deployment',
      '--name',
      'web',
    ]);
    expect(run.code).toBe(2);
    expect(run.message).toMatch(/^ {2}cluster: Too big: expected string to have <=63 characters \(got "a{100,}/m);
    expect(run.stderr).not.toContain('ENAMETOOLONG');
  });

  it('--help documents the maximum length of each string field', async () => {
    const run = await runCli(catalog, ['kubernetes', 'workload-restart', '--help']);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain(
      '--cluster <string> Cluster name from the site configuration (at most 63 characters) (required)',
    );
  });

  it('an --input-file nested 20,000 levels deep exits 2 naming the field', async () => {
    const first = await runCli(catalog, ['list']);
    const file = join(first.outputDir, 'deep.json');
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    writeFileSync(file, `{"via":"webhook","message":"hello","to":${deep}}`);
    const run = await runCli(catalog, ['notify', 'send', '--input-file', file]);
    expect(run.code).toBe(2);
    expect(run.message).toContain(`  to: nested deeper than 64 levels (from --input-file ${file})`);
  });

  it('a flag value nested 20,000 levels deep exits 2 naming the flag', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const run = await runCli(catalog, ['notify', 'send', '--via', 'webhook', '--message', 'hi', '--to', deep]);
    expect(run.code).toBe(2);
    expect(run.message).toContain('  to: nested deeper than 64 levels (from --to)');
  });
});
