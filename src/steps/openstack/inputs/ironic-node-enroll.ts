import * as z from '../../../common/zod-mini.js';

/** A port's MAC address, as Ironic stores it: six lowercase hex pairs separated by ":". */
const MacAddress = z.pipe(
  z
    .string()
    .check(
      z.maxLength(17),
      z.regex(/^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$/, 'must be a MAC address such as "52:54:00:12:34:56"'),
    ),
  z.transform((mac: string) => mac.toLowerCase().replaceAll('-', ':')),
);

export const NodeEnrollInput = z.strictObject({
  name: z
    .string()
    .check(
      z.maxLength(255),
      z.regex(/^[A-Za-z0-9._~-]+$/, 'must be an Ironic node name (letters, digits, ".", "_", "~", "-")'),
      z.describe('Name of the Ironic node (found by it when the step runs again)'),
    ),
  driver: z
    .string()
    .check(
      z.regex(/^[a-z][a-z0-9_-]*$/, 'must be an Ironic hardware type such as "ipmi", "redfish" or "idrac"'),
      z.maxLength(255),
      z.describe('Ironic hardware type (driver), e.g. ipmi, redfish, idrac'),
    ),
  bmcProtocol: z
    ._default(z.enum(['ipmi', 'redfish']), 'redfish')
    .check(
      z.describe('How the BMC is reached: the driver_info fields are <bmcProtocol>_address, _username, _password'),
    ),
  bmcAddress: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(255),
      z.regex(/^[^\s]+$/, 'must be a host, IP address or URL without spaces'),
      z.describe('BMC address (ipmi: host or IP; redfish: host or https:// URL)'),
    ),
  bmcUsername: z
    .string()
    .check(z.minLength(1), z.maxLength(255), z.describe('BMC user; its password comes from the BMC password secret')),
  macs: z.array(MacAddress).check(
    z.minLength(1),
    z.maxLength(64),
    z.refine((macs) => new Set(macs).size === macs.length, 'must not list a MAC address twice'),
    z.describe('MAC addresses of the node\'s ports (JSON array), e.g. ["52:54:00:12:34:56"]'),
  ),
  resourceClass: z
    .optional(
      z
        .string()
        .check(z.regex(/^[A-Za-z0-9._-]+$/, 'must be a resource class such as "baremetal.gp1"'), z.maxLength(80)),
    )
    .check(z.describe('Ironic resource_class of the node (Nova flavors select it)')),
  properties: z
    .optional(z.record(z.string().check(z.maxLength(255)), z.unknown()))
    .check(z.describe('Ironic node properties as a JSON object, e.g. {"cpus":8,"memory_mb":65536}')),
});

export type NodeEnrollInput = z.infer<typeof NodeEnrollInput>;
