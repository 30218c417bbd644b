import type { FamilyLoaders } from '../runtime/catalog.js';

/**
 * Every step family, for the all-in-one binary and the tests that check every registered step. Image binaries list
 * their own families instead, so their bundles hold nothing else.
 */
export const allFamilies: FamilyLoaders = {
  kubernetes: () => import('../kubernetes/index.js'),
  aws: () => import('../aws/index.js'),
  openstack: () => import('../openstack/index.js'),
  nautobot: () => import('../nautobot/index.js'),
  alertmanager: () => import('../alertmanager/index.js'),
  notify: () => import('../notify/index.js'),
  jira: () => import('../jira/index.js'),
};
