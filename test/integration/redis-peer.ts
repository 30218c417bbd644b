import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './peers.js';

/** The redis-server scripts/redis/start.sh runs for these tests (TLS only, a password), as its peer.json says. */
export interface RedisPeer {
  readonly host: string;
  readonly port: number;
  readonly caFile: string;
  readonly passwordFile: string;
}

export const redisRunDir = process.env.OPSFLOW_REDIS_RUN_DIR ?? resolve(repoRoot, '.opsflow-test/redis');

export function redisPeer(): RedisPeer {
  return JSON.parse(readFileSync(resolve(redisRunDir, 'peer.json'), 'utf8')) as RedisPeer;
}
