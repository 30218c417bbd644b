import {
  AmqpEventSource,
  CalendarEventSource,
  ResourceEventSource,
  WebhookEventSource,
} from '../../../src/constructs/events/index.js';
import { find, newChart, synth, synthErrors } from './helpers.js';

const token = { name: 'opsflow-alertmanager-webhook', key: 'token' };

describe('WebhookEventSource', () => {
  it('renders an authenticated POST endpoint and the Service senders post to', () => {
    const { app, chart } = newChart();
    const source = new WebhookEventSource(chart, 'Alertmanager', {
      name: 'alertmanager',
      events: { alerts: { endpoint: '/alerts', authSecret: token } },
    });
    const objects = synth(app);
    const es = find(objects, 'EventSource', 'alertmanager');
    expect(es.spec.eventBusName).toBe('default');
    expect(es.spec.webhook).toEqual({
      alerts: {
        endpoint: '/alerts',
        method: 'POST',
        port: '12000',
        url: 'http://alertmanager-eventsource.opsflow.svc:12000/alerts',
        authSecret: token,
      },
    });
    expect(es.spec.template.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 9731 });
    // No Kubernetes API access needed: no ServiceAccount of its own.
    expect(es.spec.template.serviceAccountName).toBeUndefined();
    const service = find(objects, 'Service', 'alertmanager-eventsource');
    expect(service.spec.selector).toEqual({ 'eventsource-name': 'alertmanager' });
    expect(service.spec.ports).toEqual([{ name: 'http-12000', port: 12000, targetPort: 12000 }]);
    expect(source.url('alerts')).toBe('http://alertmanager-eventsource.opsflow.svc:12000/alerts');
    expect(source.event('alerts')).toEqual({
      eventSourceName: 'alertmanager',
      eventName: 'alerts',
      eventSourceType: 'webhook',
      eventBusName: 'default',
    });
  });

  it('refuses a webhook without authSecret, naming the event field', () => {
    const { app, chart } = newChart();
    new WebhookEventSource(chart, 'Open', {
      name: 'open',
      // @ts-expect-error authSecret is required by the type too; data from JSON gets the synth error
      events: { hook: { endpoint: '/hook' } },
    });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/EventSource open: spec\.webhook\.hook\.authSecret: is required.*\(got undefined\)/),
    ]);
  });

  it('reports a bad endpoint and a privileged port', () => {
    const { app, chart } = newChart();
    new WebhookEventSource(chart, 'Bad', {
      name: 'bad',
      events: { hook: { endpoint: 'hook', port: 80, authSecret: token } },
    });
    const errors = synthErrors(app);
    expect(errors).toContainEqual(
      expect.stringMatching(/spec\.webhook\.hook\.endpoint: must be a URL path.*\(got "hook"\)/),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(/spec\.webhook\.hook\.port: must be an unprivileged port.*\(got 80\)/),
    );
  });

  it('refuses two events on the same port and endpoint', () => {
    const { app, chart } = newChart();
    new WebhookEventSource(chart, 'Twice', {
      name: 'twice',
      events: { a: { endpoint: '/hook', authSecret: token }, b: { endpoint: '/hook', authSecret: token } },
    });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(
        /spec\.webhook\.a\.endpoint: is also the endpoint of event "b" on port 12000 \(got "\/hook"\)/,
      ),
      expect.stringMatching(/spec\.webhook\.b\.endpoint: is also the endpoint of event "a" on port 12000/),
    ]);
  });

  it('names the first other event on that port and endpoint, and lets another port reuse the path', () => {
    const { app, chart } = newChart();
    new WebhookEventSource(chart, 'Shared', {
      name: 'shared',
      events: {
        a: { endpoint: '/hook', authSecret: token },
        b: { endpoint: '/other', authSecret: token },
        c: { endpoint: '/hook', port: 12001, authSecret: token },
        d: { endpoint: '/hook', authSecret: token },
        e: { endpoint: '/hook', authSecret: token },
      },
    });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/spec\.webhook\.a\.endpoint: is also the endpoint of event "d" on port 12000/),
      expect.stringMatching(/spec\.webhook\.d\.endpoint: is also the endpoint of event "a" on port 12000/),
      expect.stringMatching(/spec\.webhook\.e\.endpoint: is also the endpoint of event "a" on port 12000/),
    ]);
  });

  it('throws on an event name it does not declare', () => {
    const { chart } = newChart();
    const source = new WebhookEventSource(chart, 'A', {
      name: 'a',
      events: { x: { endpoint: '/x', authSecret: token } },
    });
    expect(() => source.event('y' as 'x')).toThrow('EventSource a: no event "y" (events: x)');
  });
});

describe('AmqpEventSource', () => {
  const props = {
    name: 'openstack',
    url: 'amqp://rabbitmq.openstack.svc:5672/',
    credentialsSecret: 'opsflow-openstack-amqp',
    events: {
      ironic: { exchangeName: 'ironic', routingKey: 'ironic_versioned_notifications.info' },
      keystone: { exchangeName: 'keystone', routingKey: 'notifications.info', queueName: 'opsflow-keystone' },
    },
  };

  it('consumes from a durable named queue with auto-ack (v1.9.11 never acks otherwise), oslo-compatible exchange, secret credentials', () => {
    const { app, chart } = newChart();
    new AmqpEventSource(chart, 'OpenStack', props);
    const es = find(synth(app), 'EventSource', 'openstack');
    expect(es.spec.amqp.ironic).toEqual({
      url: 'amqp://rabbitmq.openstack.svc:5672/',
      exchangeName: 'ironic',
      exchangeType: 'topic',
      routingKey: 'ironic_versioned_notifications.info',
      connectionBackoff: { duration: '1s', factor: 2, jitter: 0.2, steps: 10 },
      jsonBody: true,
      auth: {
        username: { name: 'opsflow-openstack-amqp', key: 'username' },
        password: { name: 'opsflow-openstack-amqp', key: 'password' },
      },
      exchangeDeclare: { durable: false, autoDelete: false, internal: false, noWait: false },
      queueDeclare: {
        name: 'opsflow.openstack.ironic',
        durable: true,
        autoDelete: false,
        exclusive: false,
        noWait: false,
      },
      queueBind: { noWait: false },
      consume: { autoAck: true, exclusive: false, noLocal: false, noWait: false },
    });
    expect(es.spec.amqp.keystone.queueDeclare.name).toBe('opsflow-keystone');
  });

  it('acks after publishing (autoAck: false) only when asked, for a build with argoproj/argo-events#4179', () => {
    const { app, chart } = newChart();
    new AmqpEventSource(chart, 'OpenStack', { ...props, ackAfterPublish: true });
    const es = find(synth(app), 'EventSource', 'openstack');
    expect(es.spec.amqp.ironic.consume).toEqual({ autoAck: false, exclusive: false, noLocal: false, noWait: false });
    expect(es.spec.amqp.ironic.queueDeclare).toMatchObject({ durable: true, exclusive: false, autoDelete: false });
  });

  it('refuses credentials in the URL without echoing the password', () => {
    const { app, chart } = newChart();
    new AmqpEventSource(chart, 'OpenStack', { ...props, url: 'amqp://guest:s3cret@rabbitmq:5672/' });
    const errors = synthErrors(app);
    expect(errors).toContainEqual(
      expect.stringMatching(
        /spec\.amqp\.ironic\.url: must not carry credentials.*\(got "amqp:\/\/\*\*\*@rabbitmq:5672\/"\)/,
      ),
    );
    expect(errors.join('\n')).not.toContain('s3cret');
  });
});

describe('CalendarEventSource', () => {
  it('renders the schedule with a UTC default time zone', () => {
    const { app, chart } = newChart();
    new CalendarEventSource(chart, 'Nightly', {
      name: 'nightly',
      events: {
        resync: { schedule: '30 2 * * MON-FRI' },
        audit: { schedule: '*/15 * * * *', timezone: 'Europe/Paris' },
      },
    });
    const es = find(synth(app), 'EventSource', 'nightly');
    expect(es.spec.calendar).toEqual({
      resync: { schedule: '30 2 * * MON-FRI', timezone: 'UTC' },
      audit: { schedule: '*/15 * * * *', timezone: 'Europe/Paris' },
    });
  });

  it.each([
    ['@daily', /needs 5 fields.*found 1/],
    ['0 2 * *', /needs 5 fields.*found 4/],
    ['61 2 * * *', /minute "61" is outside 0-59/],
    ['0 2 * * 7', /day of week "7" is outside 0-6/],
    ['0 5-2 * * *', /hour range "5-2" runs backwards/],
    ['0 2 * JUNE *', /month "JUNE" is outside 1-12/],
    ['*/0 * * * *', /minute step must be at least 1/],
  ])('rejects the schedule %j', (schedule, message) => {
    const { app, chart } = newChart();
    new CalendarEventSource(chart, 'Cal', { name: 'cal', events: { tick: { schedule } } });
    const errors = synthErrors(app);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/EventSource cal: spec\.calendar\.tick\.schedule: /);
    expect(errors[0]).toMatch(message);
    expect(errors[0]).toContain(`(got ${JSON.stringify(schedule)})`);
  });

  it('rejects an unknown time zone', () => {
    const { app, chart } = newChart();
    new CalendarEventSource(chart, 'Cal', {
      name: 'cal',
      events: { tick: { schedule: '0 * * * *', timezone: 'Mars/Olympus' } },
    });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/spec\.calendar\.tick\.timezone: must be an IANA time zone.*\(got "Mars\/Olympus"\)/),
    ]);
  });
});

describe('ResourceEventSource', () => {
  it('watches in its namespace with a ServiceAccount allowed exactly list and watch of that resource', () => {
    const { app, chart } = newChart();
    new ResourceEventSource(chart, 'Deployments', {
      name: 'deployments',
      events: {
        changed: {
          group: 'apps',
          version: 'v1',
          resource: 'deployments',
          eventTypes: ['UPDATE'],
          labels: [{ key: 'opsflow.io/watch', operation: '==', value: 'true' }],
        },
      },
    });
    const objects = synth(app);
    const es = find(objects, 'EventSource', 'deployments');
    expect(es.spec.template.serviceAccountName).toBe('deployments-eventsource');
    expect(es.spec.resource.changed).toEqual({
      namespace: 'opsflow',
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
      eventTypes: ['UPDATE'],
      filter: { afterStart: true, labels: [{ key: 'opsflow.io/watch', operation: '==', value: 'true' }] },
    });
    expect(find(objects, 'ServiceAccount', 'deployments-eventsource').metadata.namespace).toBe('opsflow');
    const role = find(objects, 'Role', 'deployments-eventsource');
    expect(role.rules).toEqual([{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['list', 'watch'] }]);
    const binding = find(objects, 'RoleBinding', 'deployments-eventsource');
    expect(binding.roleRef).toMatchObject({ kind: 'Role', name: 'deployments-eventsource' });
    expect(binding.subjects).toEqual([
      expect.objectContaining({ kind: 'ServiceAccount', name: 'deployments-eventsource', namespace: 'opsflow' }),
    ]);
    expect(objects.filter((o) => o.kind === 'ClusterRole')).toEqual([]);
  });

  it('uses a ClusterRole for a cluster-scoped resource and watches all namespaces', () => {
    const { app, chart } = newChart();
    new ResourceEventSource(chart, 'Nodes', {
      name: 'nodes',
      events: { notready: { group: '', version: 'v1', resource: 'nodes', eventTypes: ['UPDATE'], clusterWide: true } },
    });
    const objects = synth(app);
    expect(find(objects, 'EventSource', 'nodes').spec.resource.notready.namespace).toBe('');
    expect(find(objects, 'ClusterRole', 'nodes-eventsource').rules).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] },
    ]);
    expect(objects.filter((o) => o.kind === 'Role')).toEqual([]);
  });

  it('names the bad fields of a watch', () => {
    const { app, chart } = newChart();
    new ResourceEventSource(chart, 'Bad', {
      name: 'bad',
      events: { w: { group: 'Apps', version: '1', resource: 'Deployment', eventTypes: [] } },
    });
    const errors = synthErrors(app);
    expect(errors).toContainEqual(expect.stringMatching(/spec\.resource\.w\.resource: .*\(got "Deployment"\)/));
    expect(errors).toContainEqual(expect.stringMatching(/spec\.resource\.w\.version: .*\(got "1"\)/));
    expect(errors).toContainEqual(expect.stringMatching(/spec\.resource\.w\.group: .*\(got "Apps"\)/));
    expect(errors).toContainEqual(expect.stringMatching(/spec\.resource\.w\.eventTypes: .*\(got \[\]\)/));
  });
});
