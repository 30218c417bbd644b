import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// Self-contained (no local imports): Jest loads this module outside its module mapper.
const scriptsDir = resolve(process.cwd(), 'scripts');

/**
 * Stops the Alertmanager global-setup started, and the OpenStack peers and redis-server if global-setup started them
 * (OPSFLOW_OPENSTACK_KEEP=1 and OPSFLOW_REDIS_KEEP=1 keep those for the next run).
 */
export default function globalTeardown(): void {
  const peers = (globalThis as { startedByTests?: Record<string, boolean> }).startedByTests ?? {};
  stop('alertmanager/stop.sh');
  if (peers.redis && process.env.OPSFLOW_REDIS_KEEP !== '1') stop('redis/stop.sh');
  if (peers.openstack && process.env.OPSFLOW_OPENSTACK_KEEP !== '1') stop('openstack/stop.sh');
}

function stop(script: string): void {
  const result = spawnSync('bash', [resolve(scriptsDir, script)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`scripts/${script} failed:\n${result.stdout}${result.stderr}`);
}
