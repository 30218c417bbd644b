import * as z from '../../../common/zod-mini.js';

export const NotifyVia = z.enum(['slack-webhook', 'slack', 'webex', 'webhook', 'email']);

export type NotifyVia = z.infer<typeof NotifyVia>;
