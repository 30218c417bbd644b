import * as z from '../../../common/zod-mini.js';
import { Instance, Region, waiting } from './shared.js';

export const RdsStartInput = z.strictObject({ instance: Instance, region: Region, ...waiting });

export type RdsStartInput = z.infer<typeof RdsStartInput>;
