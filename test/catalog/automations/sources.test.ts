import { App } from 'cdk8s';
import { openstackNotifications } from '../../../src/catalog/automations/sources.js';
import { loadSite } from '../../../src/catalog/site.js';
import { exampleSite } from '../../../src/catalog/sites/example.js';
import { EventSourcesChart } from '../../../src/charts/eventsources.js';
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
