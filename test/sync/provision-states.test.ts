import {
  IRONIC_PROVISION_STATES,
  NautobotDeviceStatus,
  statusForProvisionState,
  UNKNOWN_STATE_STATUS,
} from '../../src/sync/provision-states.js';

// ironic/common/states.py ALL_STATES (2024.2+), plus `service`, which a node shows while a service request starts.
// biome-ignore format: grouped lines read better than 33 one-item lines
const IRONIC_ALL_STATES = [
  'active', 'adopt failed', 'adopting', 'available', 'clean failed', 'clean hold', 'cleaning', 'clean wait',
  'deleted', 'deleting', 'deploy complete', 'deploy failed', 'deploy hold', 'deploying', 'wait call-back', 'enroll',
  'error', 'inspect failed', 'inspecting', 'inspect wait', 'manageable', 'rescue', 'rescue failed', 'rescuing',
  'rescue wait', 'service failed', 'service hold', 'servicing', 'service wait', 'unrescue failed', 'unrescuing',
  'verifying', 'service',
];

describe('statusForProvisionState', () => {
  it('knows every Ironic provision state and nothing else', () => {
    expect([...IRONIC_PROVISION_STATES].sort()).toEqual([...IRONIC_ALL_STATES].sort());
    for (const state of IRONIC_ALL_STATES) expect(statusForProvisionState(state).known).toBe(true);
  });

  it.each([
    ['enroll', 'Planned'],
    ['verifying', 'Planned'],
    ['manageable', 'Staged'],
    ['available', 'Staged'],
    ['clean wait', 'Staged'],
    ['wait call-back', 'Staged'],
    ['active', 'Active'],
    ['rescue', 'Active'],
    ['service hold', 'Active'],
    ['clean failed', 'Failed'],
    ['deploy failed', 'Failed'],
    ['inspect failed', 'Failed'],
    ['service failed', 'Failed'],
    ['error', 'Failed'],
    ['deleting', 'Decommissioning'],
    ['deleted', 'Decommissioning'],
  ])('maps %s to %s', (state, status) => {
    expect(statusForProvisionState(state)).toEqual({ status, known: true });
  });

  it('maps every failure state of Ironic to Failed', () => {
    for (const state of IRONIC_ALL_STATES.filter((s) => s.endsWith(' failed'))) {
      expect(statusForProvisionState(state).status).toBe(NautobotDeviceStatus.Failed);
    }
  });

  it('maps a state from a future Ironic, and a missing one, to the safe default and says it did', () => {
    expect(statusForProvisionState('teleporting')).toEqual({ status: UNKNOWN_STATE_STATUS, known: false });
    expect(statusForProvisionState(null)).toEqual({ status: 'Offline', known: false });
    // Inherited object keys are not states.
    expect(statusForProvisionState('constructor').known).toBe(false);
  });
});
