import * as z from 'zod';

/** A port's MAC address, as Ironic stores it: six lowercase hex pairs separated by ":". */
const MacAddress = z
  .string()
  .max(17)
  .regex(/^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$/, 'must be a MAC address such as "52:54:00:12:34:56"')
  .transform((mac) => mac.toLowerCase().replaceAll('-', ':'));

export const NodeEnrollInput = z.strictObject({
  name: z
    .string()
    .max(255)
    .regex(/^[A-Za-z0-9._~-]+$/, 'must be an Ironic node name (letters, digits, ".", "_", "~", "-")')
    .describe('Name of the Ironic node (found by it when the step runs again)'),
  driver: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/, 'must be an Ironic hardware type such as "ipmi", "redfish" or "idrac"')
    .max(255)
    .describe('Ironic hardware type (driver), e.g. ipmi, redfish, idrac'),
  bmcProtocol: z
    .enum(['ipmi', 'redfish'])
    .default('redfish')
    .describe('How the BMC is reached: the driver_info fields are <bmcProtocol>_address, _username, _password'),
  bmcAddress: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^\s]+$/, 'must be a host, IP address or URL without spaces')
    .describe('BMC address (ipmi: host or IP; redfish: host or https:// URL)'),
  bmcUsername: z.string().min(1).max(255).describe('BMC user; its password comes from the BMC password secret'),
  macs: z
    .array(MacAddress)
    .min(1)
    .max(64)
    .refine((macs) => new Set(macs).size === macs.length, 'must not list a MAC address twice')
    .describe('MAC addresses of the node\'s ports (JSON array), e.g. ["52:54:00:12:34:56"]'),
  resourceClass: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'must be a resource class such as "baremetal.gp1"')
    .max(80)
    .optional()
    .describe('Ironic resource_class of the node (Nova flavors select it)'),
  properties: z
    .record(z.string().max(255), z.unknown())
    .optional()
    .describe('Ironic node properties as a JSON object, e.g. {"cpus":8,"memory_mb":65536}'),
});

export type NodeEnrollInput = z.infer<typeof NodeEnrollInput>;
