import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { SiteConfig } from '../catalog/site.js';
import { Application } from '../constructs/argocd/application.js';

/** The generated folders Argo CD syncs, in the order they must apply (sync waves). */
export const SYNCED_FOLDERS = [
  { folder: 'charts/platform', app: 'platform', wave: 0 },
  { folder: 'workflowtemplates', app: 'workflowtemplates', wave: 1 },
  { folder: 'eventsources', app: 'eventsources', wave: 2 },
  { folder: 'sensors', app: 'sensors', wave: 3 },
] as const;

/** The folder of the Argo CD Applications themselves; the app-of-apps syncs it. */
export const ARGOCD_FOLDER = 'charts/argocd';

/**
 * charts/argocd: one Application per generated folder and the app-of-apps `opsflow-<site>` that syncs this folder,
 * so after a one-time `kubectl apply -f charts/argocd/` Argo CD manages everything, itself included.
 */
export class ArgoCdChart extends Chart {
  constructor(scope: Construct, id: string, site: SiteConfig) {
    super(scope, id, { namespace: site.argocd.namespace });
    const common = {
      argocdNamespace: site.argocd.namespace,
      project: site.argocd.project,
      repoURL: site.argocd.repoURL,
      targetRevision: site.argocd.targetRevision,
    };
    new Application(this, 'root', {
      ...common,
      name: `opsflow-${site.name}`,
      path: ARGOCD_FOLDER,
      destinationNamespace: site.argocd.namespace,
    });
    for (const { folder, app, wave } of SYNCED_FOLDERS) {
      new Application(this, app, {
        ...common,
        name: `opsflow-${site.name}-${app}`,
        path: folder,
        destinationNamespace: site.namespace,
        syncWave: wave,
      });
    }
  }
}
