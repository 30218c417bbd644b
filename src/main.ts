/**
 * `npm run synth`: renders the bundled example site into the GitOps folders (one YAML file per object) and the
 * catalog page (docs/catalog.md).
 * `npm run synth:check`: renders in memory and fails, listing every file that differs, is missing or is stale, when
 * the committed YAML or docs/catalog.md is not what the code produces (writes nothing).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import * as catalog from './catalog/index.js';
import { loadSite } from './catalog/site.js';
import { exampleSite } from './catalog/sites/example.js';
import { buildApp } from './charts/app.js';
import { catalogPage } from './synth/catalog-page.js';
import { compareGeneratedFiles, writeGeneratedFiles } from './synth/output.js';
import { renderApp } from './synth/render.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const program = new Command('synth')
  .description('Generate the Argo Events, Argo Workflows, platform and Argo CD YAML of the example site')
  .option('--check', 'fail when the committed YAML differs from a fresh synth (writes nothing)')
  .option('--out <dir>', 'repository root to write into', repoRoot)
  .action((options: { check?: boolean; out: string }) => {
    const files = renderApp(buildApp(loadSite(exampleSite), catalog), [(objects) => catalogPage(objects, catalog)]);
    if (!options.check) {
      const report = writeGeneratedFiles(options.out, files);
      console.log(
        `synth: ${files.length} files (${report.written.length} written, ${report.unchanged.length} unchanged, ${report.removed.length} stale removed)`,
      );
      for (const path of report.written) console.log(`  wrote   ${path}`);
      for (const path of report.removed) console.log(`  removed ${path}`);
      return;
    }
    const problems = compareGeneratedFiles(options.out, files);
    if (problems.length > 0) {
      console.error(
        `synth:check: the committed YAML or docs/catalog.md is not what the code generates; run \`npm run synth\`:`,
      );
      for (const problem of problems) console.error(`  ${problem}`);
      process.exitCode = 1;
      return;
    }
    console.log(`synth:check: ${files.length} files up to date`);
  });

try {
  program.parse();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
