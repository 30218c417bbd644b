import { EventBus } from '../../../src/constructs/events/index.js';
import { find, newChart, synth, synthErrors } from './helpers.js';

describe('EventBus', () => {
  it('is a JetStream bus named default with the pinned version, 3 replicas and persistence', () => {
    const { app, chart } = newChart();
    new EventBus(chart, 'Bus', { namespace: 'opsflow', version: '2.10.29' });
    const bus = find(synth(app), 'EventBus', 'default');
    expect(bus.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(bus.metadata.namespace).toBe('opsflow');
    expect(bus.spec).toEqual({
      jetstream: { version: '2.10.29', replicas: 3, persistence: { accessMode: 'ReadWriteOnce', volumeSize: '10Gi' } },
    });
  });

  it('accepts a single replica', () => {
    const { app, chart } = newChart();
    new EventBus(chart, 'Bus', { namespace: 'opsflow', version: '2.9.16-alpine', replicas: 1 });
    expect(find(synth(app), 'EventBus', 'default').spec.jetstream.replicas).toBe(1);
  });

  it('reports "latest" and 2 replicas together, naming the field and the value', () => {
    const { app, chart } = newChart();
    new EventBus(chart, 'Bus', { namespace: 'opsflow', version: 'latest', replicas: 2 });
    const errors = synthErrors(app);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(
      /EventBus default: spec\.jetstream\.version: must be a pinned JetStream version.*\(got "latest"\)/,
    );
    expect(errors[1]).toMatch(/EventBus default: spec\.jetstream\.replicas: must be 1 or at least 3.*\(got 2\)/);
  });
});
