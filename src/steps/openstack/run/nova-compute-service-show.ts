import { withStepErrors } from '../../../clients/openstack/index.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { ComputeServiceShowInput } from '../inputs/nova-compute-service-show.js';
import { connectNova } from './nova-common.js';

export async function run(input: ComputeServiceShowInput, ctx: StepContext): Promise<StepResult> {
  const nova = await connectNova(ctx);
  const service = await withStepErrors(`find nova-compute on ${input.host}`, () => nova.computeService(input.host));
  await ctx.output('state', service.state);
  await ctx.output('status', service.status);
  await ctx.output('disabledReason', service.disabled_reason ?? '');
  const reason = service.disabled_reason ? ` (${service.disabled_reason})` : '';
  return {
    outcome: 'unchanged',
    message: `nova-compute on ${input.host} is ${service.state} and ${service.status}${reason}`,
    details: { id: service.id, zone: service.zone ?? null, state: service.state, status: service.status },
  };
}
