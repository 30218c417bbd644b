import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';

export interface SemaphoreConfigMapProps {
  /** @default 'opsflow-semaphores' */
  readonly name?: string;
}

/** A reference Argo's `synchronization.semaphores[].configMapKeyRef` takes. */
export interface SemaphoreRef {
  readonly name: string;
  readonly key: string;
}

/**
 * The ConfigMap holding Argo semaphore limits (key -> limit). The controller watches it, so a limit changes
 * without touching the templates that use it. A plain ApiObject whose data is rendered once at synth: cdk8s-plus's
 * ConfigMap copies its whole data object per key it adds and renders (quadratic in the number of semaphores).
 */
export class SemaphoreConfigMap extends Construct {
  readonly name: string;
  private readonly limits = new Map<string, number>();

  constructor(scope: Construct, id: string, props: SemaphoreConfigMapProps = {}) {
    super(scope, id);
    this.name = props.name ?? 'opsflow-semaphores';
    new ApiObject(this, 'ConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: this.name },
      // No `data` at all without semaphores, as cdk8s-plus rendered it.
      data: Lazy.any({
        produce: () =>
          this.limits.size === 0
            ? undefined
            : Object.fromEntries([...this.limits].map(([key, limit]) => [key, String(limit)])),
      }),
      immutable: false,
    });
    this.node.addValidation({
      validate: () =>
        [...this.limits]
          .filter(([, limit]) => !Number.isInteger(limit) || limit < 1)
          .map(([key, limit]) => `semaphore ${this.name}/${key}: limit must be a positive integer, got ${limit}`),
    });
  }

  /**
   * The semaphore `key` of `limit` holders, declared on first use: an action and the composites that run its step
   * share its limit.
   */
  share(key: string, limit: number): SemaphoreRef {
    const declared = this.limits.get(key);
    if (declared === undefined) return this.addSemaphore(key, limit);
    if (declared !== limit)
      throw new Error(`semaphore ${this.name}/${key} is shared with limits ${declared} and ${limit}`);
    return { name: this.name, key };
  }

  /** Declare a semaphore of `limit` concurrent holders and return the reference templates use. */
  addSemaphore(key: string, limit: number): SemaphoreRef {
    if (this.limits.has(key)) throw new Error(`semaphore ${this.name}/${key} is declared twice`);
    this.limits.set(key, limit);
    return { name: this.name, key };
  }
}
