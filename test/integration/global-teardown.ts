import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// Self-contained (no local imports): Jest loads this module outside its module mapper.
const scriptsDir = resolve(process.cwd(), 'scripts');

/**
 * Stops the Alertmanager global-setup started, and the OpenStack peers if global-setup started them (set
 * OPSFLOW_OPENSTACK_KEEP=1 to keep those for the next run).
 */
export default function globalTeardown(): void {
  stop('alertmanager/stop.sh');
  const started = (globalThis as { openstackStartedByTests?: boolean }).openstackStartedByTests;
  if (!started || process.env.OPSFLOW_OPENSTACK_KEEP === '1') return;
  stop('openstack/stop.sh');
}

function stop(script: string): void {
  const result = spawnSync('bash', [resolve(scriptsDir, script)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`scripts/${script} failed:\n${result.stdout}${result.stderr}`);
}
