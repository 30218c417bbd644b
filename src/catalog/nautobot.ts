/**
 * What a Nautobot sync needs, for its description: the site's Nautobot token (`nautobot.token`) and, to read the
 * OpenStack side, its clouds.yaml (`openstack.clouds`); both are mounted in every Nautobot step pod.
 */
export function nautobotNeeds(openstack: string): string {
  return (
    "the site's Nautobot API token (`nautobot.token`) with write access to DCIM devices and interfaces and tenants, " +
    `and its clouds.yaml (\`openstack.clouds\`) with a user allowed ${openstack}.`
  );
}
