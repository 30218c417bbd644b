/**
 * Ironic provision states (ironic/common/states.py, ALL_STATES plus the transitory `service`) and the Nautobot
 * device status each one means. The mapping is total over the known states; a state a newer Ironic adds falls
 * back to `Offline` (a device nobody should schedule onto) and the caller logs a warning.
 */
export const NautobotDeviceStatus = {
  Planned: 'Planned',
  Staged: 'Staged',
  Active: 'Active',
  Failed: 'Failed',
  Offline: 'Offline',
  Decommissioning: 'Decommissioning',
} as const;
export type NautobotDeviceStatus = (typeof NautobotDeviceStatus)[keyof typeof NautobotDeviceStatus];

const { Planned, Staged, Active, Failed, Offline, Decommissioning } = NautobotDeviceStatus;

export const PROVISION_STATE_STATUS = {
  // Enrolled, credentials not yet verified: hardware on the way in.
  enroll: Planned,
  verifying: Planned,
  // Under Ironic's management but not serving a tenant: being inspected, cleaned or waiting to be deployed.
  manageable: Staged,
  inspecting: Staged,
  'inspect wait': Staged,
  available: Staged,
  cleaning: Staged,
  'clean wait': Staged,
  'clean hold': Staged,
  deploying: Staged,
  'wait call-back': Staged,
  'deploy hold': Staged,
  'deploy complete': Staged,
  adopting: Staged,
  // Serving a tenant, including rescue and in-place servicing of a deployed node.
  active: Active,
  rescuing: Active,
  'rescue wait': Active,
  rescue: Active,
  unrescuing: Active,
  service: Active,
  servicing: Active,
  'service wait': Active,
  'service hold': Active,
  // Needs an operator.
  error: Failed,
  'deploy failed': Failed,
  'clean failed': Failed,
  'inspect failed': Failed,
  'adopt failed': Failed,
  'rescue failed': Failed,
  'unrescue failed': Failed,
  'service failed': Failed,
  // Instance being torn down, or the node itself gone from Ironic.
  deleting: Decommissioning,
  deleted: Decommissioning,
} as const satisfies Record<string, NautobotDeviceStatus>;

export type IronicProvisionState = keyof typeof PROVISION_STATE_STATUS;
export const IRONIC_PROVISION_STATES = Object.keys(PROVISION_STATE_STATUS) as IronicProvisionState[];

/** The status for states this code does not know yet. */
export const UNKNOWN_STATE_STATUS: NautobotDeviceStatus = Offline;

/** The provision state recorded for a device whose node was deleted from Ironic. */
export const DELETED_STATE: IronicProvisionState = 'deleted';

export interface MappedStatus {
  readonly status: NautobotDeviceStatus;
  /** False when the state is not one this code knows: the caller warns. */
  readonly known: boolean;
}

export function statusForProvisionState(state: string | null | undefined): MappedStatus {
  const key = state ?? '';
  if (Object.hasOwn(PROVISION_STATE_STATUS, key)) {
    return { status: PROVISION_STATE_STATUS[key as IronicProvisionState], known: true };
  }
  return { status: UNKNOWN_STATE_STATUS, known: false };
}
