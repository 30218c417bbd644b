import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The upstream Argo schemas, shipped beside the repository in shared/reference/argo (see FACTS.md). */
export const SCHEMA_DIR = fileURLToPath(new URL('../../shared/reference/argo/', import.meta.url));

/**
 * `describe` for a suite that needs the upstream schema file `path`. Without it the suite is skipped on a
 * developer's machine, and fails in CI (CI=true), where a missing reference would otherwise pass silently.
 */
export function describeWithSchema(path: string): (name: string, suite: () => void) => void {
  if (existsSync(path)) return describe;
  if (process.env.CI === 'true') {
    return (name) =>
      describe(name, () => {
        it('has the upstream schemas', () => {
          throw new Error(`${path} is missing: CI needs shared/reference/argo beside the repository`);
        });
      });
  }
  return describe.skip;
}
