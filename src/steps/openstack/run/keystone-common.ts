import { IdentityClient } from '../../../clients/openstack/index.js';
import type { StepContext } from '../../runtime/step.js';
import { connectService } from './common.js';

/** The Keystone client of a step, on the cloud from the environment. */
export function connectKeystone(ctx: StepContext): Promise<IdentityClient> {
  return connectService(ctx, 'Keystone', (cloud) => IdentityClient.connect(cloud));
}
