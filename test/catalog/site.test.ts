import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';

describe('site configuration', () => {
  it('accepts the bundled example site and pins the image tag to the package version', () => {
    const site = loadSite(exampleSite);
    expect(site.namespace).toBe('opsflow');
    expect(site.image.tag).toMatch(/^\d+\.\d+\.\d+/);
    expect(site.eventBus).toEqual({ jetstreamVersion: '2.10.29', replicas: 3 });
  });

  it('names the field and the value of every bad setting at once', () => {
    const bad = { ...exampleSite, namespace: 'Ops_Flow', image: { registry: 'registry.example.com/x', tag: 'latest' } };
    expect(() => loadSite(bad)).toThrow(/site\.namespace: .*RFC 1123.*\(got "Ops_Flow"\)/);
    expect(() => loadSite(bad)).toThrow(/site\.image\.tag: must be pinned.*\(got "latest"\)/);
  });

  it('rejects unknown fields so typos fail', () => {
    expect(() => loadSite({ ...exampleSite, namspace: 'x' })).toThrow(/namspace/);
  });

  it('requires a kubeconfig for clusters outside the one opsflow runs in', () => {
    const bad = { ...exampleSite, kubernetes: { clusters: [{ name: 'far' }] } };
    expect(() => loadSite(bad)).toThrow(/site\.kubernetes\.clusters\.0\.kubeconfig: cluster "far" needs a kubeconfig/);
  });

  it('rejects a JetStream EventBus with two replicas', () => {
    expect(() => loadSite({ ...exampleSite, eventBus: { replicas: 2 } })).toThrow(/eventBus\.replicas: .*got 2/);
  });
});
