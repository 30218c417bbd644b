import { IdentityClient, OpenStackCloud, withStepErrors } from '../../clients/openstack/index.js';
import type { StepContext } from '../runtime/step.js';

/** The Keystone client of a step, on the cloud from the environment. */
export async function connectKeystone(ctx: StepContext): Promise<IdentityClient> {
  const cloud = await OpenStackCloud.fromStepContext(ctx);
  return withStepErrors('connect to Keystone', () => IdentityClient.connect(cloud));
}
