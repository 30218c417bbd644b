/**
 * What an OpenStack action needs, for its description: the site's clouds.yaml (`openstack.clouds`, mounted in every
 * OpenStack step pod, cloud `openstack.cloud`) with a user the service's policy allows `what`.
 */
export function openstackNeeds(service: 'Ironic' | 'Nova' | 'Keystone', what: string): string {
  return `the site's clouds.yaml (\`openstack.clouds\`, cloud \`openstack.cloud\`) with a user ${service}'s policy allows ${what}.`;
}

/** The Ironic and Nova waits of one step: `timeoutSeconds` (or `serverTimeoutSeconds`), at most 14400. */
export const OPENSTACK_MAX_WAIT_SECONDS = 14_400;
