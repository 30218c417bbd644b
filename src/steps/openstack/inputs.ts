import * as z from 'zod';

/**
 * Input schemas of the OpenStack steps. Each one is also the WorkflowTemplate parameters of the actions that run the
 * step and what `opsflow run` validates, so it is declared once here. Which cloud and credentials a step uses is
 * not an input: it comes from the environment (`OS_CLOUD` + a mounted clouds.yaml, or `OS_*`; docs/openstack.md).
 */

// ---- shared --------------------------------------------------------------------------------------------------

const Wait = z.boolean().default(true).describe('Wait until the node reaches the target state');
const TimeoutSeconds = z
  .number()
  .int()
  .min(1)
  .max(14_400)
  .default(1800)
  .describe('How long to wait before giving up (exit 75; running the step again resumes the wait)');
const PollIntervalSeconds = z
  .number()
  .min(0.1)
  .max(300)
  .default(5)
  .describe('Seconds between two reads of the node while waiting');
const waiting = { wait: Wait, timeoutSeconds: TimeoutSeconds, pollIntervalSeconds: PollIntervalSeconds };

/** Keystone names: projects, users, groups, roles, domains (255 characters at most in Keystone's schema). */
const KeystoneName = (what: string) =>
  z
    .string()
    .min(1)
    .max(255)
    .refine((name) => name.trim() === name, 'must not start or end with whitespace')
    .describe(what);

// ---- Ironic --------------------------------------------------------------------------------------------------

/** Ironic node names are RFC 3986 unreserved characters; a UUID matches too. */
const Node = z
  .string()
  .max(255)
  .regex(/^[A-Za-z0-9._~-]+$/, 'must be an Ironic node name or UUID (letters, digits, ".", "_", "~", "-")')
  .describe('Ironic node name or UUID');

export const NodeShowInput = z.strictObject({ node: Node });
export type NodeShowInput = z.infer<typeof NodeShowInput>;

/** A manual clean step, as Ironic's `clean_steps` takes it. */
export const CleanStep = z.strictObject({
  interface: z
    .enum(['bios', 'deploy', 'management', 'power', 'raid', 'firmware'])
    .describe('Driver interface that runs the step'),
  step: z
    .string()
    .max(255)
    .regex(/^[a-z][a-z0-9_]*$/, 'must be a clean step name such as "erase_devices"')
    .describe('Clean step name'),
  args: z.record(z.string().max(255), z.unknown()).optional().describe('Arguments of the step'),
});
export type CleanStep = z.infer<typeof CleanStep>;
const CleanSteps = z
  .array(CleanStep)
  .min(1)
  .max(50)
  .describe('Manual clean steps as JSON, e.g. [{"interface":"deploy","step":"erase_devices_metadata"}]');

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

export const NodeMaintenanceInput = z
  .strictObject({
    node: Node,
    maintenance: z.enum(['on', 'off']).describe('Put the node in maintenance (on) or take it out (off)'),
    reason: z.string().min(1).max(255).optional().describe('Why the node is in maintenance (with "on")'),
  })
  .superRefine((input, ctx) => {
    if (input.maintenance === 'off' && input.reason !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a reason goes with maintenance "on" only' });
    }
  });
export type NodeMaintenanceInput = z.infer<typeof NodeMaintenanceInput>;

export const NodePowerInput = z.strictObject({
  node: Node,
  power: z.enum(['on', 'off', 'reboot']).describe('Power the node on or off, or reboot it'),
  soft: z.boolean().default(false).describe('Soft power off / soft reboot (ACPI) instead of a hard one'),
  ...waiting,
});
export type NodePowerInput = z.infer<typeof NodePowerInput>;

/** Provision actions and the stable state each one ends in. */
export const PROVISION_ACTIONS = {
  manage: 'manageable',
  provide: 'available',
  inspect: 'manageable',
  clean: 'manageable',
  rebuild: 'active',
} as const;

export const NodeProvisionInput = z
  .strictObject({
    node: Node,
    action: z
      .enum(['manage', 'provide', 'inspect', 'clean', 'rebuild'])
      .describe('manage → manageable, provide → available, inspect/clean → manageable, rebuild → active'),
    cleanSteps: CleanSteps.optional().describe('Clean steps for action "clean" (JSON array)'),
    ...waiting,
  })
  .superRefine((input, ctx) => {
    if (input.action === 'clean' && !input.cleanSteps) {
      ctx.addIssue({ code: 'custom', path: ['cleanSteps'], message: 'action "clean" needs the clean steps to run' });
    }
    if (input.action !== 'clean' && input.cleanSteps) {
      ctx.addIssue({ code: 'custom', path: ['cleanSteps'], message: `not used by action "${input.action}"` });
    }
  });
export type NodeProvisionInput = z.infer<typeof NodeProvisionInput>;

export const NodeRecleanInput = z.strictObject({
  node: Node,
  cleanSteps: CleanSteps.optional().describe(
    'Manual clean steps to run once the node is manageable again, before it is provided (JSON array)',
  ),
  maxAttempts: z
    .number()
    .int()
    .min(1)
    .max(5)
    .default(2)
    .describe('Recovery rounds (manage, clean, provide) before giving up, so a node that keeps failing cannot loop'),
  minIntervalMinutes: z
    .number()
    .int()
    .min(0)
    .max(1440)
    .default(0)
    .describe(
      'Refuse (exit 3) to recover a node another Workflow began recovering less than this many minutes ago (extra.opsflow_reclean); 0 = no cool-down',
    ),
  timeoutSeconds: TimeoutSeconds,
  pollIntervalSeconds: PollIntervalSeconds,
});
export type NodeRecleanInput = z.infer<typeof NodeRecleanInput>;

// ---- Keystone ------------------------------------------------------------------------------------------------

export const ProjectCreateInput = z.strictObject({
  name: KeystoneName('Project name (unique within its domain)').refine(
    (name) => name.length <= 64,
    'must be at most 64 characters (Keystone project names)',
  ),
  domain: KeystoneName('Domain of the project, by name or id').default('Default'),
  description: z.string().max(1000).default('').describe('Project description'),
  users: z
    .array(KeystoneName('User name'))
    .default([])
    .describe('Users (in the project domain) who get every role in "roles" on the project (JSON array)'),
  groups: z
    .array(KeystoneName('Group name'))
    .default([])
    .describe('Groups (in the project domain) that get every role in "roles" on the project (JSON array)'),
  roles: z
    .array(KeystoneName('Role name'))
    .min(1)
    .default(['member'])
    .describe('Roles given to the users and groups (JSON array)'),
  quota: z
    .strictObject({
      instances: z.number().int().min(-1).optional().describe('Servers (-1: unlimited)'),
      cores: z.number().int().min(-1).optional().describe('vCPUs (-1: unlimited)'),
      ramMb: z.number().int().min(-1).optional().describe('RAM in MiB (-1: unlimited)'),
    })
    .optional()
    .describe('Compute quota of the project (Nova os-quota-sets), e.g. {"instances":10,"cores":20,"ramMb":51200}'),
});
export type ProjectCreateInput = z.infer<typeof ProjectCreateInput>;

export const RoleAssignInput = z
  .strictObject({
    role: KeystoneName('Role name, e.g. member or reader'),
    user: KeystoneName('User who gets the role (or use group)').optional(),
    group: KeystoneName('Group that gets the role (or use user)').optional(),
    actorDomain: KeystoneName('Domain of the user or group').default('Default'),
    project: KeystoneName('Project the role applies to (or use domain)').optional(),
    projectDomain: KeystoneName('Domain of the project').default('Default'),
    domain: KeystoneName('Domain the role applies to (or use project)').optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.user === undefined) === (input.group === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['user'], message: 'give exactly one of user or group' });
    }
    if ((input.project === undefined) === (input.domain === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['project'], message: 'give exactly one of project or domain' });
    }
  });
export type RoleAssignInput = z.infer<typeof RoleAssignInput>;

// ---- Nova (server, compute service and hypervisor steps) -----------------------------------------------------

const ServerId = z.uuid({ message: 'must be a Nova server UUID' }).max(36).describe('Nova server UUID');
const ServerPollIntervalSeconds = PollIntervalSeconds.describe('Seconds between two reads of the server while waiting');
/** A compute host as Nova names it (`OS-EXT-SRV-ATTR:host`, `openstack compute service list`). */
const ComputeHost = (what: string) =>
  z
    .string()
    .max(255)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a compute host name (letters, digits, ".", "_", "-")')
    .describe(what);
const ServiceReason = z
  .string()
  .min(1)
  .max(255)
  .describe('Why the compute service is disabled (Nova disabled_reason, shown in `openstack compute service list`)');
const BlockMigration = z
  .enum(['auto', 'true', 'false'])
  .default('auto')
  .describe('Live migration block_migration: auto (Nova decides, microversion >= 2.25), true or false');

export const ServerRebootInput = z.strictObject({
  server: ServerId,
  type: z.enum(['SOFT', 'HARD']).default('SOFT').describe('SOFT asks the guest OS; HARD power-cycles the server'),
  ...waiting,
  wait: z.boolean().default(true).describe('Wait until the server is ACTIVE again'),
  timeoutSeconds: TimeoutSeconds.default(600),
  pollIntervalSeconds: ServerPollIntervalSeconds,
});
export type ServerRebootInput = z.infer<typeof ServerRebootInput>;

export const ServerMigrateInput = z.strictObject({
  server: ServerId,
  mode: z
    .enum(['live', 'cold'])
    .default('live')
    .describe('live: move the running server; cold: migrate (the server restarts) and confirm the resize'),
  targetHost: ComputeHost('Host to move to (default: the scheduler chooses; cold needs microversion 2.56)').optional(),
  blockMigration: BlockMigration,
  ...waiting,
  wait: z.boolean().default(true).describe('Wait until the server runs on its new host (cold: after confirming)'),
  pollIntervalSeconds: ServerPollIntervalSeconds,
});
export type ServerMigrateInput = z.infer<typeof ServerMigrateInput>;

export const ServiceDisableInput = z.strictObject({
  host: ComputeHost('Compute host whose nova-compute service is disabled'),
  reason: ServiceReason,
});
export type ServiceDisableInput = z.infer<typeof ServiceDisableInput>;

export const ServiceEnableInput = z.strictObject({
  host: ComputeHost('Compute host whose nova-compute service is enabled'),
});
export type ServiceEnableInput = z.infer<typeof ServiceEnableInput>;

export const HypervisorDrainInput = z
  .strictObject({
    host: ComputeHost('Compute host to empty'),
    reason: ServiceReason.default('opsflow hypervisor-drain'),
    targetHost: ComputeHost('Host to move every server to (default: the scheduler chooses)').optional(),
    blockMigration: BlockMigration,
    concurrency: z.number().int().min(1).max(10).default(2).describe('Servers migrated at the same time'),
    serverTimeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(14_400)
      .default(1800)
      .describe('How long one server may take to move before it is reported as not moved'),
    pollIntervalSeconds: ServerPollIntervalSeconds,
  })
  .superRefine((input, ctx) => {
    if (input.targetHost === input.host) {
      ctx.addIssue({ code: 'custom', path: ['targetHost'], message: `must differ from host "${input.host}"` });
    }
  });
export type HypervisorDrainInput = z.infer<typeof HypervisorDrainInput>;

export const ServersOnHostInput = z.strictObject({
  host: ComputeHost('Compute host whose servers are listed (every project)'),
  pageSize: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(1000)
    .describe('Servers per Nova request (limit); the listing follows the marker to the last page'),
});
export type ServersOnHostInput = z.infer<typeof ServersOnHostInput>;

export const ComputeServiceShowInput = z.strictObject({
  host: ComputeHost('Compute host whose nova-compute service is read'),
});
export type ComputeServiceShowInput = z.infer<typeof ComputeServiceShowInput>;

/** Keystone ids are 32 hexadecimal digits (uuid4 hex) by default; other id generators use letters, digits and "-". */
const ProjectId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a Keystone project id (letters, digits, "_", "-")')
  .describe('Keystone project id');

export const ProjectContactsInput = z.strictObject({
  projects: z
    .array(ProjectId)
    .min(1)
    .max(200)
    .describe('Project ids (JSON array), e.g. the projectIds output of servers-on-host'),
  roles: z
    .array(KeystoneName('Role name'))
    .default([])
    .describe('Only users with one of these roles count as contacts (JSON array; default: any role)'),
});
export type ProjectContactsInput = z.infer<typeof ProjectContactsInput>;
