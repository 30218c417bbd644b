import { type FamilyLoaders, familyCatalog } from './catalog.js';
import { runStepCli } from './cli.js';
import { processIo } from './io.js';

/** The body of every `opsflow-step` binary (src/steps/bin/*.ts): the families it carries, run against this process. */
export async function main(loaders: FamilyLoaders): Promise<void> {
  await runStepCli(process.argv.slice(2), await familyCatalog(loaders), processIo());
}
