import { WebhookEventSource } from '../../constructs/events/index.js';
import type { EventSourceDefinition } from '../automation.js';

/**
 * Alertmanager posts its webhook (payload version 4) to `alerts`, authenticated with the site's bearer token
 * (`site.alertmanager.webhookToken`, key `token`): set `http_config.authorization.credentials_file` of the
 * receiver to that token and `url` to the EventSource's Service (docs/events.md).
 */
export const alertmanager: EventSourceDefinition<'alerts'> = {
  name: 'alertmanager',
  create: (scope, site) =>
    new WebhookEventSource(scope, 'alertmanager', {
      name: 'alertmanager',
      events: {
        alerts: { endpoint: '/alerts', authSecret: { name: site.alertmanager.webhookToken.name, key: 'token' } },
      },
    }),
};

/** Every EventSource of the catalog. */
export const eventSources: readonly EventSourceDefinition[] = [alertmanager];
