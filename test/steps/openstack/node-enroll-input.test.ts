import { describe, expect, it } from '@jest/globals';
import { NodeEnrollInput } from '../../../src/steps/openstack/inputs.js';

const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
const valid = {
  name: 'r1-c4-n7',
  driver: 'redfish',
  bmcAddress: 'https://10.0.0.7',
  bmcUsername: 'root',
  macs: ['52:54:00:12:34:56'],
};

describe('node-enroll input', () => {
  it('fills the BMC protocol and writes MAC addresses as Ironic stores them (lowercase, ":")', () => {
    expect(NodeEnrollInput.parse({ ...valid, macs: ['52-54-00-AB-CD-EF', '52:54:00:12:34:56'] })).toEqual({
      ...valid,
      bmcProtocol: 'redfish',
      macs: ['52:54:00:ab:cd:ef', '52:54:00:12:34:56'],
    });
  });

  it('has no password field: the BMC password comes only from the mounted secret', () => {
    expect(issues(NodeEnrollInput.safeParse({ ...valid, bmcPassword: 'x' }))).toEqual([
      ': Unrecognized key: "bmcPassword"',
    ]);
  });

  it('names each bad field at once', () => {
    expect(
      issues(
        NodeEnrollInput.safeParse({
          name: 'bad name',
          driver: 'Redfish',
          bmcProtocol: 'ilo',
          bmcAddress: 'a b',
          bmcUsername: '',
          macs: ['52:54:00:12:34'],
          resourceClass: 'gp 1',
        }),
      ),
    ).toEqual([
      'name: must be an Ironic node name (letters, digits, ".", "_", "~", "-")',
      'driver: must be an Ironic hardware type such as "ipmi", "redfish" or "idrac"',
      'bmcProtocol: Invalid option: expected one of "ipmi"|"redfish"',
      'bmcAddress: must be a host, IP address or URL without spaces',
      'bmcUsername: Too small: expected string to have >=1 characters',
      'macs.0: must be a MAC address such as "52:54:00:12:34:56"',
      'resourceClass: must be a resource class such as "baremetal.gp1"',
    ]);
  });

  it('refuses no MAC, and the same MAC twice however it is written', () => {
    expect(issues(NodeEnrollInput.safeParse({ ...valid, macs: [] }))).toEqual([
      'macs: Too small: expected array to have >=1 items',
    ]);
    expect(issues(NodeEnrollInput.safeParse({ ...valid, macs: ['52:54:00:12:34:56', '52-54-00-12-34-56'] }))).toEqual([
      'macs: must not list a MAC address twice',
    ]);
  });
});
