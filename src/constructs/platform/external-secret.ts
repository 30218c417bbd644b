import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { problem } from '../validation.js';

export interface SecretStoreRef {
  readonly kind: 'ClusterSecretStore' | 'SecretStore';
  readonly name: string;
}

export interface ExternalSecretProps {
  /** Name of the ExternalSecret and of the Secret it creates. */
  readonly name: string;
  readonly secretStore: SecretStoreRef;
  /** Path of the secret in the external store. */
  readonly remoteKey: string;
  /** Keys of the created Secret; each is read from the property of the same name at `remoteKey`. */
  readonly keys: readonly string[];
  /** How often the operator re-reads the store. @default '1h' */
  readonly refreshInterval?: string;
}

/**
 * An external-secrets.io/v1 ExternalSecret: the Secret is created in the cluster by the operator from the site's
 * secret store, so no secret value is ever generated or committed.
 */
export class ExternalSecret extends Construct {
  readonly secretName: string;
  readonly keys: readonly string[];

  constructor(scope: Construct, id: string, props: ExternalSecretProps) {
    super(scope, id);
    this.secretName = props.name;
    this.keys = [...props.keys];
    new ApiObject(this, 'Resource', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: props.name },
      spec: {
        refreshInterval: props.refreshInterval ?? '1h',
        secretStoreRef: { kind: props.secretStore.kind, name: props.secretStore.name },
        target: { name: props.name, creationPolicy: 'Owner' },
        data: props.keys.map((key) => ({ secretKey: key, remoteRef: { key: props.remoteKey, property: key } })),
      },
    });
    this.node.addValidation({
      validate: () =>
        props.keys.length === 0
          ? [problem(`ExternalSecret ${props.name}: spec.data`, 'needs at least one key', props.keys)]
          : [],
    });
  }
}
