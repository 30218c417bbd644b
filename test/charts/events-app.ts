import { App } from 'cdk8s';
import { automations, eventSources } from '../../src/catalog/automations/index.js';
import { actions } from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { EventSourcesChart } from '../../src/charts/eventsources.js';
import { PlatformChart } from '../../src/charts/platform.js';
import { SensorsChart } from '../../src/charts/sensors.js';
import { WorkflowTemplatesChart } from '../../src/charts/workflowtemplates.js';

/** The app as src/charts/app.ts assembles it, with the Events charts wired to the WorkflowTemplates chart. */
export function buildEventsApp(site = loadSite(exampleSite)) {
  const app = new App();
  const platform = new PlatformChart(app, 'platform', site);
  const workflows = new WorkflowTemplatesChart(app, 'workflowtemplates', {
    site,
    actions,
    semaphores: platform.semaphores,
  });
  const events = new EventSourcesChart(app, 'eventsources', { site, sources: eventSources });
  new SensorsChart(app, 'sensors', { site, automations, sources: events.sources, templates: workflows.templates });
  return app;
}
