import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// Self-contained (no local imports): Jest loads this module outside its module mapper.
const scriptsDir = resolve(process.cwd(), 'scripts/openstack');

/**
 * Installs (when needed) and starts the real OpenStack test peers. It never skips: without root, apt or the
 * packages, the integration run fails here with the script's message. Servers already running are reused and left
 * running at the end; servers started here are stopped by global-teardown (unless OPSFLOW_OPENSTACK_KEEP=1).
 */
export default async function globalSetup(): Promise<void> {
  const alreadyRunning = await fetch('http://127.0.0.1:5000/v3').then(
    (res) => res.ok,
    () => false,
  );
  const install = run('install.sh');
  const start = run('start.sh');
  console.log(
    `\nopenstack peers: install.sh ${install.seconds} s, start.sh ${start.seconds} s${alreadyRunning ? ' (already running)' : ''}`,
  );
  (globalThis as { openstackStartedByTests?: boolean }).openstackStartedByTests = !alreadyRunning;
  startRedis();
}

function run(script: string): { seconds: string } {
  const started = performance.now();
  const result = spawnSync('bash', [resolve(scriptsDir, script)], { encoding: 'utf8', timeout: 15 * 60_000 });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(
      `scripts/openstack/${script} failed (exit ${result.status ?? result.signal}); the integration tests need the ` +
        `real Keystone and Ironic (root, apt-get, Debian bookworm packages):\n${output}`,
    );
  }
  return { seconds: ((performance.now() - started) / 1000).toFixed(1) };
}

/**
 * The real redis-server (TLS + password) of the elasticache-flush tests: scripts/redis/start.sh installs it when
 * missing and starts it, or finds it running; global-teardown stops it only if it was started here.
 */
function startRedis(): void {
  const started = performance.now();
  const result = spawnSync('bash', [resolve(process.cwd(), 'scripts/redis/start.sh')], {
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`scripts/redis/start.sh failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
  const fresh = result.stdout.trim().endsWith('redis: started');
  (globalThis as { redisStartedByTests?: boolean }).redisStartedByTests = fresh;
  console.log(
    `redis: start.sh ${((performance.now() - started) / 1000).toFixed(1)} s${fresh ? '' : ' (already running)'}`,
  );
}
