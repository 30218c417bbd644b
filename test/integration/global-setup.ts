import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// Self-contained (no local imports): Jest loads this module outside its module mapper.
const scriptsDir = resolve(process.cwd(), 'scripts');

/**
 * Installs (when needed) and starts the real test peers, each once per run and shared by every test. It never
 * skips: without root, apt or the packages, the integration run fails here with the script's message.
 * - OpenStack (Keystone, Ironic, RabbitMQ): reused when already running and then left running; stopped by
 *   global-teardown when started here (unless OPSFLOW_OPENSTACK_KEEP=1).
 * - Alertmanager: started for this run on a free port (scripts/alertmanager/start.sh writes its address).
 * - redis-server (TLS + password): reused when already running; stopped when started here (unless
 *   OPSFLOW_REDIS_KEEP=1).
 */
export default async function globalSetup(): Promise<void> {
  const alreadyRunning = await fetch('http://127.0.0.1:5000/v3').then(
    (res) => res.ok,
    () => false,
  );
  const peers = (globalThis as { startedByTests?: Record<string, boolean> }).startedByTests ?? {};
  (globalThis as { startedByTests?: Record<string, boolean> }).startedByTests = peers;

  const install = run('openstack/install.sh');
  const start = run('openstack/start.sh');
  console.log(
    `\nopenstack peers: install.sh ${install.seconds} s, start.sh ${start.seconds} s${alreadyRunning ? ' (already running)' : ''}`,
  );
  peers.openstack = !alreadyRunning;

  const amInstall = run('alertmanager/install.sh');
  const amStart = run('alertmanager/start.sh');
  console.log(`alertmanager: install.sh ${amInstall.seconds} s, start.sh ${amStart.seconds} s`);

  // The jq Argo Events embeds (gojq), for replaying payloads through the Sensors' transforms.
  const gojq = run('lib/apt-install.sh', ['gojq', 'gojq']);
  console.log(`gojq: apt-install.sh ${gojq.seconds} s`);

  const redisInstall = run('redis/install.sh');
  const redisStart = run('redis/start.sh');
  peers.redis = redisStart.stdout.trim().endsWith('redis: started');
  console.log(
    `redis: install.sh ${redisInstall.seconds} s, start.sh ${redisStart.seconds} s${peers.redis ? '' : ' (already running)'}`,
  );
}

function run(script: string, args: readonly string[] = []): { seconds: string; stdout: string } {
  const started = performance.now();
  const result = spawnSync('bash', [resolve(scriptsDir, script), ...args], { encoding: 'utf8', timeout: 15 * 60_000 });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(
      `scripts/${script} failed (exit ${result.status ?? result.signal}); the integration tests need the real ` +
        `Keystone, Ironic, RabbitMQ, Alertmanager and redis-server (root, apt-get, Debian bookworm packages):\n${output}`,
    );
  }
  return { seconds: ((performance.now() - started) / 1000).toFixed(1), stdout: result.stdout };
}
