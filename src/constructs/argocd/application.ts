import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export interface ApplicationProps {
  /** metadata.name of the Application. */
  readonly name: string;
  /** Namespace Argo CD runs in (Applications live there). */
  readonly argocdNamespace: string;
  /** @default 'default' */
  readonly project?: string;
  readonly repoURL: string;
  readonly targetRevision: string;
  /**
   * Folders of plain YAML in the repository, e.g. `workflowtemplates`, all synced by this one Application, so the
   * sync waves of their objects order them all (Argo CD orders waves within an Application only).
   */
  readonly folders: readonly string[];
  /** Namespace the folder's namespaced objects go to. */
  readonly destinationNamespace: string;
  /** @default 'https://kubernetes.default.svc' (the cluster Argo CD runs in) */
  readonly destinationServer?: string;
}

/**
 * An Argo CD Application syncing folders of generated YAML: automated with prune and selfHeal (git is the truth),
 * server-side apply (the Argo Workflows v4 CRDs and large objects need it) and the namespace created if missing.
 */
export class Application extends Construct {
  readonly applicationName: string;

  constructor(scope: Construct, id: string, props: ApplicationProps) {
    super(scope, id);
    this.applicationName = props.name;
    new ApiObject(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: props.name,
        // Argo CD only reads Applications from its own namespace.
        namespace: props.argocdNamespace,
      },
      spec: {
        project: props.project ?? 'default',
        source: {
          repoURL: props.repoURL,
          targetRevision: props.targetRevision,
          // The repository root, recursed, keeping only the folders' own files (argo-cd v3.5.1
          // reposerver/repository/repository.go getPotentiallyValidManifestFile matches `include` against the path
          // relative to `path`, before reading a file). Setting `directory` makes the source type explicit
          // (ApplicationSource.ExplicitType), so nothing elsewhere in the repository is taken for Helm or Kustomize.
          path: '.',
          directory: { recurse: true, include: `{${props.folders.map((folder) => `${folder}/*.yaml`).join(',')}}` },
        },
        destination: {
          server: props.destinationServer ?? 'https://kubernetes.default.svc',
          namespace: props.destinationNamespace,
        },
        syncPolicy: {
          automated: { enabled: true, prune: true, selfHeal: true, allowEmpty: false },
          syncOptions: ['ServerSideApply=true', 'CreateNamespace=true'],
        },
      },
    });
  }
}
