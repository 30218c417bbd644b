import { type BaremetalNode, inTransition, powerCheck, provisionCheck } from '../../../src/clients/openstack/index.js';

/** The wait checks of the Ironic steps, on node states the fake driver cannot produce on demand. */
const node = (fields: Partial<BaremetalNode>): BaremetalNode => ({
  uuid: 'u1',
  name: 'n1',
  provision_state: 'manageable',
  target_provision_state: null,
  power_state: 'power off',
  target_power_state: null,
  maintenance: false,
  maintenance_reason: null,
  last_error: null,
  ...fields,
});

test('manage: a verify that fails sends the node back to enroll, which fails with last_error', () => {
  const check = provisionCheck('manageable', node({ provision_state: 'enroll' }));
  expect(check(node({ provision_state: 'verifying', target_provision_state: 'manageable' }))).toEqual({
    progress: 'verifying (target "manageable")',
  });
  expect(check(node({ provision_state: 'enroll', last_error: 'IPMI unreachable' }))).toEqual({
    failed: 'node n1 settled in "enroll", not "manageable": IPMI unreachable',
  });
});

test('before the node has moved, its old state is not an outcome; a transition done before the first poll is', () => {
  const enroll = node({ provision_state: 'enroll' });
  expect(provisionCheck('manageable', enroll)(enroll)).toEqual({ progress: 'enroll' });
  const manageable = node({});
  expect(provisionCheck('manageable', manageable)(manageable)).toEqual({ done: true });
});

test('a failure state keeps the failed target but is settled: fail at once, never "in progress"', () => {
  const failed = node({ provision_state: 'clean failed', target_provision_state: 'manageable', last_error: 'disk' });
  expect(inTransition(failed)).toBe(false);
  expect(provisionCheck('manageable', node({}))(failed)).toEqual({ failed: 'node n1 is in "clean failed": disk' });
  // recovering from it: manage is synchronous, the first poll already shows manageable
  expect(provisionCheck('manageable', failed)(node({}))).toEqual({ done: true });
});

test('power: a reboot is done only when the target is cleared; a failed change reports last_error', () => {
  const check = powerCheck('power on');
  expect(check(node({ power_state: 'power on', target_power_state: 'power on' }))).toEqual({
    progress: 'power on (target "power on")',
  });
  expect(check(node({ power_state: 'power on' }))).toEqual({ done: true });
  expect(check(node({ power_state: 'power off', last_error: 'BMC timeout' }))).toEqual({
    failed: 'node n1 is "power off", not "power on": BMC timeout',
  });
});
