import { App } from 'cdk8s';
import type { Action } from '../catalog/action.js';
import type { SiteConfig } from '../catalog/site.js';
import { ArgoCdChart } from './argocd.js';
import { PlatformChart } from './platform.js';
import { WorkflowTemplatesChart } from './workflowtemplates.js';

export interface Catalog {
  readonly actions: readonly Action[];
}

/**
 * The whole opsflow app of one site: platform (secrets, semaphores, RBAC), one WorkflowTemplate per action, the
 * event sources and sensors of the automations, and the Argo CD Applications. Nothing is written here: src/synth
 * renders the charts (cdk8s never writes or deletes folders itself).
 */
export function buildApp(site: SiteConfig, catalog: Catalog): App {
  const app = new App();
  const platform = new PlatformChart(app, 'platform', site);
  new WorkflowTemplatesChart(app, 'workflowtemplates', {
    site,
    actions: catalog.actions,
    semaphores: platform.semaphores,
  });
  new ArgoCdChart(app, 'argocd', site);
  return app;
}
