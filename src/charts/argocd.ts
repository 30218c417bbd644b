import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { SiteConfig } from '../catalog/site.js';
import { Application } from '../constructs/argocd/application.js';

/** The generated folders Argo CD syncs (charts/argocd itself included, so the Application manages itself). */
export const SYNCED_FOLDERS = ['charts/argocd', 'charts/platform', 'workflowtemplates', 'eventsources', 'sensors'];

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * The sync wave of each kind. Argo CD applies one wave, waits until its objects are healthy, then applies the next
 * (gitops-engine/pkg/sync/sync_context.go at v3.5.1: a multi-wave sync keeps a task running until its live object's
 * health is Healthy; an object without a health check counts as healthy once applied). So: ServiceAccounts, RBAC,
 * secrets (ExternalSecret has a health check: it waits for the Secret) and ConfigMaps first; then the EventBus
 * (health check: `Deployed`) and the WorkflowTemplates, which run as those ServiceAccounts; then the EventSources,
 * which need the EventBus, and the CronWorkflows, which need their templates; the Sensors last, once the EventBus,
 * their templates and their RBAC exist. Unlisted kinds are in wave 0.
 */
export const SYNC_WAVE_BY_KIND: Readonly<Record<string, number>> = {
  EventBus: 1,
  WorkflowTemplate: 1,
  EventSource: 2,
  CronWorkflow: 2,
  Sensor: 3,
};

/**
 * charts/argocd: the one Application `opsflow-<site>` that syncs every generated folder, itself included, so after a
 * one-time `kubectl apply -f charts/argocd/` Argo CD manages everything. One Application rather than an app-of-apps:
 * sync waves between child Applications order nothing unless the Application health check is restored in
 * `argocd-cm` (argo-cd v3.5.1 docs/operator-manual/health.md "Argocd App"), whereas waves inside one Application hold
 * on every sync, the first included.
 */
export class ArgoCdChart extends Chart {
  constructor(scope: Construct, id: string, site: SiteConfig) {
    super(scope, id, { namespace: site.argocd.namespace });
    new Application(this, 'opsflow', {
      name: `opsflow-${site.name}`,
      argocdNamespace: site.argocd.namespace,
      project: site.argocd.project,
      repoURL: site.argocd.repoURL,
      targetRevision: site.argocd.targetRevision,
      folders: SYNCED_FOLDERS,
      destinationNamespace: site.namespace,
    });
  }
}

/** Annotate every object of the app with its kind's sync wave (objects of wave 0 are left as they are). */
export function addSyncWaves(scope: Construct): void {
  for (const construct of scope.node.findAll()) {
    if (!(construct instanceof ApiObject)) continue;
    const wave = SYNC_WAVE_BY_KIND[construct.kind];
    if (wave !== undefined) construct.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(wave));
  }
}
