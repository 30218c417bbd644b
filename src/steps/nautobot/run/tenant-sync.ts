import { Endpoint, NautobotClient, type Tenant } from '../../../clients/nautobot/index.js';
import { IdentityClient, OpenStackCloud } from '../../../clients/openstack/index.js';
import { shorten } from '../../../common/shorten.js';
import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { TenantSyncInput } from '../inputs/tenant-sync.js';
import { syncStepError, unlessMissing } from './sync-common.js';

/** Custom field (type text, on tenancy.tenant) holding the Keystone project id a tenant mirrors. */
export const PROJECT_ID_FIELD = 'keystone_project_id';

export async function run(input: TenantSyncInput, ctx: StepContext): Promise<StepResult> {
  const nautobot = await NautobotClient.fromContext(ctx);
  const cloud = await OpenStackCloud.fromStepContext(ctx);
  try {
    const identity = await IdentityClient.connect(cloud);
    const [project, tenants] = await Promise.all([
      unlessMissing(identity.project(input.projectId)),
      nautobot.listAll<Tenant>(Endpoint.tenants, { [`cf_${PROJECT_ID_FIELD}`]: input.projectId }),
    ]);
    if (tenants.length > 1) {
      throw new PreconditionError(
        `${tenants.length} Nautobot tenants carry ${PROJECT_ID_FIELD}=${input.projectId} (${tenants.map((t) => t.name).join(', ')}); merge them first`,
      );
    }
    const tenant = tenants[0];
    await ctx.output('tenantId', tenant?.id ?? '');
    if (!project) {
      if (!tenant)
        return { outcome: 'unchanged', message: `project ${input.projectId} exists nowhere: nothing to sync` };
      if (!input.deleteIfMissing) {
        ctx.log.warn('project-missing', { projectId: input.projectId, tenant: tenant.name });
        return { outcome: 'unchanged', message: `project ${input.projectId} is gone; kept tenant ${tenant.name}` };
      }
      if (ctx.dryRun) return { outcome: 'dry-run', message: `would delete tenant ${tenant.name}` };
      await nautobot.delete(Endpoint.tenants, [tenant.id]);
      await ctx.output('tenantId', '');
      return { outcome: 'changed', message: `deleted tenant ${tenant.name}: project ${input.projectId} is gone` };
    }

    const wanted = {
      name: project.name,
      description: fitted(project.description ?? ''),
      custom_fields: { [PROJECT_ID_FIELD]: project.id },
    };
    if (!tenant) {
      if (ctx.dryRun) return { outcome: 'dry-run', message: `would create tenant ${project.name}`, details: wanted };
      // The tenant takes the project id as its own when it is a UUID, so a repeated create cannot duplicate it.
      const id = asUuid(project.id);
      const [created] = await nautobot.create<Tenant>(Endpoint.tenants, [{ ...(id ? { id } : {}), ...wanted }]);
      await ctx.output('tenantId', created?.id ?? '');
      return { outcome: 'changed', message: `created tenant ${project.name}`, details: { tenantId: created?.id } };
    }
    const changes = Object.fromEntries(
      (['name', 'description'] as const).filter((key) => tenant[key] !== wanted[key]).map((key) => [key, wanted[key]]),
    );
    if (Object.keys(changes).length === 0) {
      return { outcome: 'unchanged', message: `tenant ${tenant.name} matches project ${project.id}` };
    }
    if (ctx.dryRun) return { outcome: 'dry-run', message: `would update tenant ${tenant.name}`, details: changes };
    await nautobot.update(Endpoint.tenants, [{ id: tenant.id, ...changes }]);
    return { outcome: 'changed', message: `updated tenant ${tenant.name}`, details: changes };
  } catch (error) {
    throw syncStepError(error, `sync project ${input.projectId} to Nautobot`);
  }
}

/** Nautobot's text fields hold 255 characters (CHARFIELD_MAX_LENGTH); a Keystone description may be longer. */
const DESCRIPTION_MAX = 255;

/** The description cut to what Nautobot stores, so a long one is not refused (400) on every sync. */
function fitted(description: string): string {
  return shorten(description, DESCRIPTION_MAX);
}

/** Keystone ids are UUIDs without dashes; Nautobot ids are UUIDs with them. */
function asUuid(projectId: string): string | undefined {
  const hex = /^[0-9a-f]{32}$/i.exec(projectId.replace(/-/g, ''))?.[0];
  return hex && /^[0-9a-f-]+$/i.test(projectId)
    ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`.toLowerCase()
    : undefined;
}
