import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import { runningWorkflow } from '../../runtime/workflow-marker.js';
import type { RdsRebootInput } from '../inputs/rds-reboot.js';
import { instanceStatus, waitForInstance, withRds, writeInstanceOutputs } from './rds-common.js';

/**
 * The Workflow that rebooted the instance, tagged on it once RDS accepted the reboot (Argo sets ARGO_WORKFLOW_NAME
 * in every step container). A reboot ends where it started ("available"), so only the tag tells Argo's retry of the
 * step (exit 75: the wait timed out, the API stayed unreachable) that the reboot or failover is done; the retry
 * does not reboot or fail over a second time (as workload-restart does with its annotation). RDS accepts tags in any
 * status, which is why the tag is written after the reboot: written before, it could not tell whether the reboot
 * happened.
 */
export const REBOOTED_BY = 'opsflow:rebooted-by-workflow';

export function run(input: RdsRebootInput, ctx: StepContext): Promise<StepResult> {
  return withRds(input, ctx, async (rds) => {
    const found = await rds.describeInstance(input.instance);
    const status = instanceStatus(found);
    if (input.forceFailover && !found.MultiAZ) {
      throw new PreconditionError(
        `forceFailover: DB instance ${input.instance} is not Multi-AZ, so it has no standby to fail over to`,
      );
    }
    // A reboot already under way (say, from this step's previous attempt) is the wanted change: wait, do not repeat.
    if (status === 'rebooting') {
      const instance = input.wait ? await waitForInstance(rds, input, ctx, found, 'available') : found;
      await writeInstanceOutputs(ctx, instance);
      return {
        outcome: 'unchanged',
        message: `DB instance ${input.instance} was already rebooting`,
        details: { status },
      };
    }
    const workflow = runningWorkflow(ctx);
    const tagged = found.TagList?.some((tag) => tag.Key === REBOOTED_BY && tag.Value === workflow);
    if (workflow !== undefined && tagged && status === 'available') {
      await writeInstanceOutputs(ctx, found);
      const message = `workflow ${workflow} already rebooted DB instance ${input.instance} (tag ${REBOOTED_BY})`;
      return ctx.dryRun
        ? { outcome: 'dry-run', message: `would not reboot again: ${message}`, details: { status } }
        : { outcome: 'unchanged', message, details: { status } };
    }
    if (status !== 'available') {
      throw new PreconditionError(
        `DB instance ${input.instance} is ${JSON.stringify(status)}; rds-reboot needs "available"`,
      );
    }
    const how = input.forceFailover ? ' with failover to the standby' : '';
    if (ctx.dryRun) {
      await writeInstanceOutputs(ctx, found);
      return {
        outcome: 'dry-run',
        message: `would reboot DB instance ${input.instance}${how}`,
        details: { status, multiAZ: found.MultiAZ ?? false, forceFailover: input.forceFailover },
      };
    }
    const rebooting = await rds.rebootInstance(input.instance, input.forceFailover);
    ctx.log.info('rebooting', {
      instance: input.instance,
      status: instanceStatus(rebooting),
      forceFailover: input.forceFailover,
    });
    if (workflow !== undefined && rebooting.DBInstanceArn) {
      await rds.tagInstance(rebooting.DBInstanceArn, REBOOTED_BY, workflow);
    }
    const instance = input.wait ? await waitForInstance(rds, input, ctx, rebooting, 'available') : rebooting;
    await writeInstanceOutputs(ctx, instance);
    return {
      outcome: 'changed',
      message: `rebooted DB instance ${input.instance}${how}`,
      details: { status: instanceStatus(instance), forceFailover: input.forceFailover },
    };
  });
}
