/** The silence key maintenance creates and return expires: the window spans two Workflows, so it is explicit. */
export function maintenanceKey(host: string): string {
  return `maintenance/${host}`;
}
