import { inTransition, nodeLabel, provisionCheck, withStepErrors } from '../../clients/openstack/index.js';
import { defineStep } from '../runtime/step.js';
import { NodeProvisionInput, PROVISION_ACTIONS } from './inputs.js';
import { connectIronic, nodeSummary, readNode, waitForNode } from './ironic-common.js';

/** Actions that name a state: when the node is already there, there is nothing to do. */
const STATE_ACTIONS = new Set(['manage', 'provide']);

export const nodeProvision = defineStep({
  system: 'openstack',
  name: 'node-provision',
  description:
    'Move an Ironic node through its provision states (manage, provide, inspect, clean, rebuild) and wait for the ' +
    'target state; fails at once on a failure state such as "clean failed", with Ironic\'s last_error',
  input: NodeProvisionInput,
  mutating: true,
  outputs: { provisionState: 'Provision state of the node when the step ended' },
  target: (input) => `Ironic node ${input.node}`,
  async run(input, ctx) {
    const ironic = await connectIronic(ctx);
    const node = await readNode(ironic, input.node);
    const label = nodeLabel(node);
    const target = PROVISION_ACTIONS[input.action];

    if (STATE_ACTIONS.has(input.action) && node.provision_state === target && !inTransition(node)) {
      await ctx.output('provisionState', node.provision_state);
      return { outcome: 'unchanged', message: `node ${label} is already "${target}"`, details: nodeSummary(node) };
    }
    // Already on its way (e.g. the step ran before and timed out): wait again rather than ask twice.
    const resuming = inTransition(node) && node.target_provision_state === target;
    const change = `${input.action} node ${label} ("${node.provision_state}" → "${target}")`;
    if (ctx.dryRun) {
      const message = resuming ? `would wait for ${change}, already in progress` : `would ${change}`;
      return { outcome: 'dry-run', message, details: { ...nodeSummary(node), cleanSteps: input.cleanSteps } };
    }

    if (resuming) {
      ctx.log.info('provision-in-progress', { node: label, state: node.provision_state, target });
    } else {
      await withStepErrors(change, () =>
        ironic.setProvisionState(node.uuid, input.action, input.cleanSteps ? { clean_steps: input.cleanSteps } : {}),
      );
    }
    const after = input.wait
      ? await waitForNode(ironic, node, `be "${target}"`, provisionCheck(target, node), input, ctx)
      : await readNode(ironic, node.uuid);
    await ctx.output('provisionState', after.provision_state);
    return {
      outcome: 'changed',
      message: input.wait ? `${change}: now "${after.provision_state}"` : `${change}: requested`,
      details: nodeSummary(after),
    };
  },
});
