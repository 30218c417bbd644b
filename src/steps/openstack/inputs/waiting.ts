// How the Ironic and Nova steps wait for a state.
// The fields several OpenStack steps share are one module per concern: a bundle loads whole modules, so a
// step's program builds the shared schemas it uses and no others.
import * as z from '../../../common/zod-mini.js';

const Wait = z._default(z.boolean(), true).check(z.describe('Wait until the node reaches the target state'));

export const TimeoutSeconds = z
  ._default(z.int().check(z.minimum(1), z.maximum(14_400)), 1800)
  .check(z.describe('How long to wait before giving up (exit 75; running the step again resumes the wait)'));

export const PollIntervalSeconds = z
  ._default(z.number().check(z.minimum(0.1), z.maximum(300)), 5)
  .check(z.describe('Seconds between two reads of the node while waiting'));

export const waiting = { wait: Wait, timeoutSeconds: TimeoutSeconds, pollIntervalSeconds: PollIntervalSeconds };
