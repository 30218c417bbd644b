// Keystone names.
// The fields several OpenStack steps share are one module per concern: a bundle loads whole modules, so a
// step's program builds the shared schemas it uses and no others.
import * as z from '../../../common/zod-mini.js';

/** Keystone names: projects, users, groups, roles, domains (255 characters at most in Keystone's schema). */
export const KeystoneName = (what: string) =>
  z.string().check(
    z.minLength(1),
    z.maxLength(255),
    z.refine((name) => name.trim() === name, 'must not start or end with whitespace'),
    z.describe(what),
  );
