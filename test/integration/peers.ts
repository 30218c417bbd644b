import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where scripts/openstack/start.sh keeps the real Keystone, Ironic and RabbitMQ it starts for these tests, and the
 * environment a step needs to reach them (the clouds.yaml start.sh writes).
 */
export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
export const runDir = process.env.OPSFLOW_OPENSTACK_RUN_DIR ?? resolve(repoRoot, '.opsflow-test/openstack');
export const cloudsFile = resolve(runDir, 'clouds.yaml');
export const scriptsDir = resolve(repoRoot, 'scripts/openstack');

export const KEYSTONE_URL = 'http://127.0.0.1:5000/v3';
export const IRONIC_URL = 'http://127.0.0.1:6385';

/** A project-scoped admin, configured the standard way: OS_CLOUD + clouds.yaml. */
export const cloudEnv: Record<string, string> = { OS_CLIENT_CONFIG_FILE: cloudsFile, OS_CLOUD: 'opsflow-test' };

/** Where scripts/alertmanager/start.sh runs the real Alertmanager of this test run; `url` holds its address. */
export const alertmanagerRunDir =
  process.env.OPSFLOW_ALERTMANAGER_RUN_DIR ?? resolve(repoRoot, '.opsflow-test/alertmanager');
