import { type AmqpEventOptions, AmqpEventSource, WebhookEventSource } from '../../constructs/events/index.js';
import type { EventSourceDefinition } from '../automation.js';
import type { SiteConfig } from '../site.js';

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
  events:
    | Readonly<Record<Events, AmqpEventOptions>>
    | ((site: SiteConfig) => Readonly<Record<Events, AmqpEventOptions>>),
): EventSourceDefinition<Events> {
  return {
    name,
    create: (scope, site) =>
      new AmqpEventSource(scope, name, {
        name,
        url: site.openstack.notifications.url,
        credentialsSecret: site.openstack.notifications.credentials.name,
        ackAfterPublish: site.argoEvents.amqpAckFix,
        events: typeof events === 'function' ? events(site) : events,
      }),
  };
}

/** A topic of `site.openstack.notifications` as an AMQP event's exchange and routing key. */
const topic = (notifications: { exchange: string; routingKey: string }): AmqpEventOptions => ({
  exchangeName: notifications.exchange,
  routingKey: notifications.routingKey,
});

/**
 * Ironic's versioned notifications (`baremetal.node.*`, `baremetal.port.*`...), `ironic` exchange: `notifications`
 * (priority INFO) and `errors` (priority ERROR: the `.error` phases, e.g. a node entering "clean failed"), each on
 * a queue of its own.
 */
export const openstackIronic: EventSourceDefinition<'notifications' | 'errors'> = openstackNotifications(
  'openstack-ironic',
  (site) => ({
    notifications: topic(site.openstack.notifications.ironic),
    errors: topic(site.openstack.notifications.ironicErrors),
  }),
);
/** Keystone's notifications (`identity.project.*`...), `keystone` exchange. */
export const openstackKeystone: EventSourceDefinition<'notifications'> = openstackNotifications(
  'openstack-keystone',
  (site) => ({ notifications: topic(site.openstack.notifications.keystone) }),
);

/**
 * Nautobot webhooks (`event`, `model`, `data`, `snapshots`, `request_id`...) posted to `changes`. The EventSource
 * checks `Authorization: Bearer <token>` against `site.nautobot.webhookToken` (key `token`), set as the webhook's
 * additional header. Nautobot's HMAC-SHA512 `X-Hook-Signature` cannot be checked in Argo Events v1.9.11: the
 * webhook source knows only the bearer token (pkg/eventsources/common/webhook/webhook.go), and a Sensor's Lua
 * filter script sees the body re-marshalled from a map, not its bytes, with no hash functions
 * (pkg/sensors/dependencies/filter.go `filterScript`) (docs/automations.md).
 */
export const nautobot: EventSourceDefinition<'changes'> = {
  name: 'nautobot',
  create: (scope, site) =>
    new WebhookEventSource(scope, 'nautobot', {
      name: 'nautobot',
      events: {
        changes: { endpoint: '/nautobot', authSecret: { name: site.nautobot.webhookToken.name, key: 'token' } },
      },
    }),
};

/** Every EventSource of the catalog. */
export const eventSources: readonly EventSourceDefinition[] = [
  alertmanager,
  openstackIronic,
  openstackKeystone,
  nautobot,
];
