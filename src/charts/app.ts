import { App } from 'cdk8s';
import type { Action } from '../catalog/action.js';
import type { AlertRoutes } from '../catalog/alert-route.js';
import type { Automation, EventSourceDefinition } from '../catalog/automation.js';
import type { CompositeAction } from '../catalog/composite.js';
import { type Runbook, runbookComposite } from '../catalog/runbook.js';
import type { Schedule } from '../catalog/schedule.js';
import type { SiteConfig } from '../catalog/site.js';
import { ArgoCdChart, addSyncWaves } from './argocd.js';
import { EventSourcesChart } from './eventsources.js';
import { GovernanceChart } from './governance.js';
import { PlatformChart } from './platform.js';
import { SensorsChart } from './sensors.js';
import { WorkflowTemplatesChart } from './workflowtemplates.js';

/** What src/catalog/index.ts lists. */
export interface Catalog {
  readonly actions: readonly Action[];
  /** Runbooks of several steps, each one WorkflowTemplate. @default - none */
  readonly composites?: readonly CompositeAction[];
  /** Incident flows for alerts, each one WorkflowTemplate (a composite). @default - none */
  readonly runbooks?: readonly Runbook[];
  readonly eventSources: readonly EventSourceDefinition[];
  readonly automations: readonly Automation[];
  /** Firing alerts to WorkflowTemplates: one Sensor and one fan-out template for all. @default - none */
  readonly alertRoutes?: AlertRoutes;
  /** Each a CronWorkflow of its action. @default - none */
  readonly schedules?: readonly Schedule[];
}

/**
 * The whole opsflow app of one site: platform (secrets, semaphores), one WorkflowTemplate per action, the
 * EventSources and one Sensor per automation, and the Argo CD Applications. Nothing is written here: src/synth
 * renders the charts (cdk8s never writes or deletes folders itself).
 */
export function buildApp(site: SiteConfig, catalog: Catalog): App {
  const app = new App();
  const platform = new PlatformChart(app, 'platform', site);
  const workflowTemplates = new WorkflowTemplatesChart(app, 'workflowtemplates', {
    site,
    actions: catalog.actions,
    schedules: catalog.schedules,
    composites: catalog.composites ?? [],
    runbooks: catalog.runbooks ?? [],
    semaphores: platform.semaphores,
    alertFanOut: (catalog.alertRoutes?.routes.length ?? 0) > 0,
  });
  const eventSources = new EventSourcesChart(app, 'eventsources', { site, sources: catalog.eventSources });
  const sensors = new SensorsChart(app, 'sensors', {
    site,
    automations: catalog.automations,
    alertRoutes: catalog.alertRoutes,
    runbooks: catalog.runbooks,
    alertFanOut: workflowTemplates.alertFanOut,
    sources: eventSources.sources,
    templates: workflowTemplates.templates,
    deadLetter: workflowTemplates.deadLetter,
  });
  new GovernanceChart(app, 'governance', {
    site,
    actions: catalog.actions,
    // A runbook is a composite: approvers decide its runs too.
    composites: [...(catalog.composites ?? []), ...(catalog.runbooks ?? []).map(runbookComposite)],
    templates: workflowTemplates.templates,
    deadLetter: workflowTemplates.deadLetter,
    automations: catalog.automations,
    sensors: sensors.sensors,
    alertRoutes: sensors.alertRoutes,
  });
  new ArgoCdChart(app, 'argocd', site);
  addSyncWaves(app);
  return app;
}
