import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// Self-contained (no local imports): Jest loads this module outside its module mapper.
const scriptsDir = resolve(process.cwd(), 'scripts/openstack');

/** Stops the test peers if global-setup started them (set OPSFLOW_OPENSTACK_KEEP=1 to keep them for the next run). */
export default function globalTeardown(): void {
  stopRedis();
  const started = (globalThis as { openstackStartedByTests?: boolean }).openstackStartedByTests;
  if (!started || process.env.OPSFLOW_OPENSTACK_KEEP === '1') return;
  const result = spawnSync('bash', [resolve(scriptsDir, 'stop.sh')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`scripts/openstack/stop.sh failed:\n${result.stdout}${result.stderr}`);
}

/** Stops the redis-server if global-setup started it (OPSFLOW_REDIS_KEEP=1 keeps it for the next run). */
function stopRedis(): void {
  if (!(globalThis as { redisStartedByTests?: boolean }).redisStartedByTests) return;
  if (process.env.OPSFLOW_REDIS_KEEP === '1') return;
  const result = spawnSync('bash', [resolve(process.cwd(), 'scripts/redis/stop.sh')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`scripts/redis/stop.sh failed:\n${result.stdout}${result.stderr}`);
}
