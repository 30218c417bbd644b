import { App } from 'cdk8s';
import { openstackNotifications } from '../../../src/catalog/automations/sources.js';
import { loadSite } from '../../../src/catalog/site.js';
import { exampleSite } from '../../../src/catalog/sites/example.js';
import { EventSourcesChart } from '../../../src/charts/eventsources.js';
import { buildEventsApp } from '../../charts/events-app.js';
import { find, synth } from '../../constructs/events/helpers.js';

const ironic = openstackNotifications('openstack', {
  ironic: { exchangeName: 'ironic', routingKey: 'ironic_versioned_notifications.info' },
});

/** The EventSource the catalog definition generates for a site with these Argo Events settings. */
function generated(argoEvents: Record<string, unknown>) {
  const app = new App();
  new EventSourcesChart(app, 'eventsources', { site: loadSite({ ...exampleSite, argoEvents }), sources: [ironic] });
  return find(synth(app), 'EventSource', 'openstack').spec.amqp.ironic;
}

describe('openstackNotifications (catalog AMQP source)', () => {
  it('acks on receipt on Argo Events v1.9.11 (the site default), keeping the durable named queue', () => {
    const spec = generated({});
    expect(spec.consume.autoAck).toBe(true);
    expect(spec.queueDeclare).toEqual({
      name: 'opsflow.openstack.ironic',
      durable: true,
      autoDelete: false,
      exclusive: false,
      noWait: false,
    });
    expect(spec.url).toBe('amqp://rabbitmq.openstack.svc:5672/');
    expect(spec.auth.password).toEqual({ name: 'opsflow-openstack-amqp', key: 'password' });
  });

  it('acks after publishing on a site whose Argo Events build carries the fix', () => {
    expect(generated({ version: 'v1.9.11-amqp-ack', amqpAckFix: true }).consume.autoAck).toBe(false);
  });
});

describe('catalog EventSources of OpenStack and Nautobot', () => {
  const sources = (siteInput: Record<string, unknown>) => {
    const objects = synth(buildEventsApp(loadSite({ ...exampleSite, ...siteInput })));
    return {
      ironic: find(objects, 'EventSource', 'openstack-ironic').spec.amqp.notifications,
      ironicErrors: find(objects, 'EventSource', 'openstack-ironic').spec.amqp.errors,
      keystone: find(objects, 'EventSource', 'openstack-keystone').spec.amqp.notifications,
      nautobot: find(objects, 'EventSource', 'nautobot').spec.webhook.changes,
      resync: find(objects, 'CronWorkflow', 'nautobot-resync').spec,
    };
  };

  it('listen on the ironic and keystone exchanges with the oslo routing keys, with the site delivery settings', () => {
    const { ironic, keystone } = sources({});
    expect([ironic.exchangeName, ironic.routingKey]).toEqual(['ironic', 'ironic_versioned_notifications.info']);
    expect([keystone.exchangeName, keystone.routingKey]).toEqual(['keystone', 'notifications.info']);
    expect(ironic.queueDeclare.name).toBe('opsflow.openstack-ironic.notifications');
    expect(keystone.consume.autoAck).toBe(true);
    expect(ironic.exchangeDeclare).toMatchObject({ durable: false, autoDelete: false });
  });

  it("listen to Ironic's failures (priority ERROR) on a queue of their own, site-configurable", () => {
    const { ironicErrors } = sources({});
    expect([ironicErrors.exchangeName, ironicErrors.routingKey]).toEqual([
      'ironic',
      'ironic_versioned_notifications.error',
    ]);
    expect(ironicErrors.queueDeclare).toMatchObject({ name: 'opsflow.openstack-ironic.errors', durable: true });
    const { openstack } = exampleSite as { openstack: { notifications: Record<string, unknown> } };
    const custom = sources({
      openstack: {
        ...openstack,
        notifications: { ...openstack.notifications, ironicErrors: { routingKey: 'v.error' } },
      },
    });
    expect(custom.ironicErrors.routingKey).toBe('v.error');
  });

  it('take the exchange and routing key from the site', () => {
    const { openstack } = exampleSite as { openstack: { notifications: Record<string, unknown> } };
    const { ironic, keystone } = sources({
      openstack: {
        ...openstack,
        notifications: {
          ...openstack.notifications,
          ironic: { routingKey: 'versioned.info' },
          keystone: { exchange: 'openstack', routingKey: 'notifications.#' },
        },
      },
    });
    expect([ironic.exchangeName, ironic.routingKey]).toEqual(['ironic', 'versioned.info']);
    expect([keystone.exchangeName, keystone.routingKey]).toEqual(['openstack', 'notifications.#']);
  });

  it('nautobot: POST only, with the bearer token of site.nautobot.webhookToken', () => {
    const { nautobot } = sources({});
    expect(nautobot).toMatchObject({
      endpoint: '/nautobot',
      method: 'POST',
      authSecret: { name: 'opsflow-nautobot-webhook', key: 'token' },
      url: 'http://nautobot-eventsource.opsflow.svc:12000/nautobot',
    });
  });

  it('the nightly resync is a Forbid CronWorkflow at the site schedule and time zone', () => {
    const { resync } = sources({ schedules: { nautobotResync: { schedule: '15 3 * * 1', timezone: 'Asia/Tokyo' } } });
    expect(resync).toMatchObject({
      schedules: ['15 3 * * 1'],
      timezone: 'Asia/Tokyo',
      concurrencyPolicy: 'Forbid',
      workflowSpec: { workflowTemplateRef: { name: 'nautobot-devices-resync' } },
    });
  });

  it('a bad site schedule is a synth error naming it', () => {
    expect(() =>
      synth(
        buildEventsApp(
          loadSite({
            ...exampleSite,
            schedules: { nautobotResync: { schedule: '61 2 * * *', timezone: 'Mars/Olympus' } },
          }),
        ),
      ),
    ).toThrow(
      /CronWorkflow nautobot-resync: spec.schedules.0: .*\n.*CronWorkflow nautobot-resync: spec.timezone: .*Mars/,
    );
  });
});
