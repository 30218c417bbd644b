import * as z from '../../../common/zod-mini.js';

export const ClusterName = z
  .string()
  .check(
    z.maxLength(63),
    z.regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    z.describe('Cluster name from the site configuration'),
  );

export const Namespace = z
  .string()
  .check(z.regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/), z.maxLength(63), z.describe('Namespace of the workload'));

export const ObjectName = z
  .string()
  .check(z.regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/), z.maxLength(253), z.describe('Name of the object'));
