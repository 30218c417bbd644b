import { PreconditionError, type StepError, TransientError } from '../../steps/runtime/errors.js';
import { TRANSIENT_SOCKET_CODES } from '../socket-errors.js';
import { RedisConnectionError, RedisReplyError } from './resp.js';

/** Error replies that end by themselves: a failover or a restart under way (READONLY: we reached a replica). */
const TRANSIENT_REPLIES = new Set(['READONLY', 'LOADING', 'BUSY', 'MASTERDOWN', 'TRYAGAIN', 'CLUSTERDOWN']);

/**
 * Maps a Redis failure onto the exit-code contract: a failover or restart under way and network failures exit 75; a
 * refused AUTH (WRONGPASS, NOAUTH, NOPERM), an unverifiable certificate and any other error reply exit 3. Anything
 * else (a bug) is rethrown.
 */
export function redisStepError(error: unknown, what: string): StepError {
  if (error instanceof RedisReplyError) {
    const message = `${what}: Redis answered ${error.message}`;
    return TRANSIENT_REPLIES.has(error.code)
      ? new TransientError(message, { cause: error })
      : new PreconditionError(message, { cause: error });
  }
  if (error instanceof RedisConnectionError) {
    const message = `${what}: ${error.message}`;
    return TRANSIENT_SOCKET_CODES.has(error.code ?? '')
      ? new TransientError(message, { cause: error })
      : new PreconditionError(message, { cause: error });
  }
  throw error;
}
