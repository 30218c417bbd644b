import { type ComputeClient, type ComputeService, withStepErrors } from '../../../clients/openstack/index.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { ServiceDisableInput, ServiceEnableInput } from '../inputs/nova-compute-service.js';
import { connectNova } from './nova-common.js';

/**
 * Disables a host's nova-compute service (the scheduler stops placing servers there) with a reason, unless it is
 * already disabled for that reason. Shared by `service-disable` and `hypervisor-drain`.
 */
export async function disableComputeService(
  nova: ComputeClient,
  host: string,
  reason: string,
  ctx: StepContext,
): Promise<StepResult> {
  const service = await findService(nova, host);
  if (service.status === 'disabled' && service.disabled_reason === reason) {
    return {
      outcome: 'unchanged',
      message: `nova-compute on ${host} is already disabled: ${reason}`,
      details: summary(service),
    };
  }
  if (ctx.dryRun) return { outcome: 'dry-run', message: `would disable nova-compute on ${host}: ${reason}` };
  const updated = await withStepErrors(`disable nova-compute on ${host}`, () =>
    nova.setServiceStatus(service.id, 'disabled', reason),
  );
  return { outcome: 'changed', message: `disabled nova-compute on ${host}: ${reason}`, details: summary(updated) };
}

function findService(nova: ComputeClient, host: string): Promise<ComputeService> {
  return withStepErrors(`find nova-compute on ${host}`, () => nova.computeService(host));
}

function summary(service: ComputeService): Record<string, unknown> {
  return {
    id: service.id,
    host: service.host,
    status: service.status,
    state: service.state,
    reason: service.disabled_reason,
  };
}

export async function runServiceDisable(input: ServiceDisableInput, ctx: StepContext): Promise<StepResult> {
  return disableComputeService(await connectNova(ctx), input.host, input.reason, ctx);
}

export async function runServiceEnable(input: ServiceEnableInput, ctx: StepContext): Promise<StepResult> {
  const nova = await connectNova(ctx);
  const service = await findService(nova, input.host);
  if (service.status === 'enabled') {
    return {
      outcome: 'unchanged',
      message: `nova-compute on ${input.host} is already enabled`,
      details: summary(service),
    };
  }
  if (ctx.dryRun) {
    return {
      outcome: 'dry-run',
      message: `would enable nova-compute on ${input.host} (disabled: ${service.disabled_reason ?? 'no reason'})`,
    };
  }
  const updated = await withStepErrors(`enable nova-compute on ${input.host}`, () =>
    nova.setServiceStatus(service.id, 'enabled'),
  );
  return { outcome: 'changed', message: `enabled nova-compute on ${input.host}`, details: summary(updated) };
}
