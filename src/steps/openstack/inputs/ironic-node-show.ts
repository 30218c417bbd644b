import * as z from '../../../common/zod-mini.js';
import { Node } from './ironic.js';

export const NodeShowInput = z.strictObject({ node: Node });

export type NodeShowInput = z.infer<typeof NodeShowInput>;
