import { type AmqpEventOptions, AmqpEventSource, WebhookEventSource } from '../../constructs/events/index.js';
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

/**
 * OpenStack notifications (oslo.messaging) from the site's RabbitMQ (`site.openstack.notifications`), one durable
 * queue per event. How messages are acknowledged follows the Argo Events build the site runs
 * (`site.argoEvents.amqpAckFix`): on receipt on v1.9.11, after publishing on a build with the fix (docs/events.md).
 */
export function openstackNotifications<Events extends string>(
  name: string,
  events: Readonly<Record<Events, AmqpEventOptions>>,
): EventSourceDefinition<Events> {
  return {
    name,
    create: (scope, site) =>
      new AmqpEventSource(scope, name, {
        name,
        url: site.openstack.notifications.url,
        credentialsSecret: site.openstack.notifications.credentials.name,
        ackAfterPublish: site.argoEvents.amqpAckFix,
        events,
      }),
  };
}

/** Every EventSource of the catalog. */
export const eventSources: readonly EventSourceDefinition[] = [alertmanager];
