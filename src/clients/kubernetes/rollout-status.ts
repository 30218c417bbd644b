import { PreconditionError } from '../../steps/runtime/errors.js';
import type { Workload } from './resources.js';

export interface RolloutStatus {
  readonly done: boolean;
  /** kubectl's wording, for progress logs. */
  readonly message: string;
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

/**
 * Whether a rollout has completed, by the same conditions as `kubectl rollout status` (kubectl's
 * polymorphichelpers/rollout_status.go): the controller has observed the latest generation, every replica is updated
 * and ready/available, and no old replica is left. Rollouts that can never be reported throw.
 */
export function rolloutStatus(kind: WorkloadKind, workload: Workload): RolloutStatus {
  const name = workload.metadata.name;
  const generation = workload.metadata.generation ?? 0;
  const status = workload.status ?? {};
  const observed = status.observedGeneration ?? 0;
  const waitingForSpec = { done: false, message: `Waiting for ${kind.toLowerCase()} spec update to be observed...` };

  switch (kind) {
    case 'Deployment': {
      if (generation > observed) return waitingForSpec;
      const progressing = status.conditions?.find((c) => c.type === 'Progressing');
      if (progressing?.reason === 'ProgressDeadlineExceeded') {
        throw new PreconditionError(`deployment "${name}" exceeded its progress deadline`);
      }
      const updated = status.updatedReplicas ?? 0;
      const wanted = workload.spec.replicas;
      if (wanted !== undefined && updated < wanted) {
        return waiting(`${updated} out of ${wanted} new replicas have been updated`, name);
      }
      const old = (status.replicas ?? 0) - updated;
      if (old > 0) return waiting(`${old} old replicas are pending termination`, name);
      const available = status.availableReplicas ?? 0;
      if (available < updated) return waiting(`${available} of ${updated} updated replicas are available`, name);
      return { done: true, message: `deployment "${name}" successfully rolled out` };
    }
    case 'DaemonSet': {
      requireRollingUpdate(kind, workload);
      if (generation > observed) return waitingForSpec;
      const desired = status.desiredNumberScheduled ?? 0;
      const updated = status.updatedNumberScheduled ?? 0;
      if (updated < desired) return waiting(`${updated} out of ${desired} new pods have been updated`, name);
      const available = status.numberAvailable ?? 0;
      if (available < desired) return waiting(`${available} of ${desired} updated pods are available`, name);
      return { done: true, message: `daemon set "${name}" successfully rolled out` };
    }
    case 'StatefulSet': {
      requireRollingUpdate(kind, workload);
      if (observed === 0 || generation > observed) return waitingForSpec;
      const wanted = workload.spec.replicas;
      const ready = status.readyReplicas ?? 0;
      if (wanted !== undefined && ready < wanted) {
        return { done: false, message: `Waiting for ${wanted - ready} pods to be ready...` };
      }
      const partition = workload.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
      if (partition > 0 && wanted !== undefined) {
        const updated = status.updatedReplicas ?? 0;
        if (updated < wanted - partition) {
          return {
            done: false,
            message: `Waiting for partitioned roll out to finish: ${updated} out of ${wanted - partition} new pods have been updated...`,
          };
        }
        return { done: true, message: `partitioned roll out complete: ${updated} new pods have been updated...` };
      }
      if (status.updateRevision !== status.currentRevision) {
        return {
          done: false,
          message: `waiting for statefulset rolling update to complete ${status.updatedReplicas ?? 0} pods at revision ${status.updateRevision}...`,
        };
      }
      return {
        done: true,
        message: `statefulset rolling update complete ${status.readyReplicas ?? 0} pods at revision ${status.currentRevision}...`,
      };
    }
  }
}

function waiting(what: string, name: string): RolloutStatus {
  return { done: false, message: `Waiting for rollout "${name}" to finish: ${what}...` };
}

/** An OnDelete strategy only replaces pods when someone deletes them: the restart annotation alone never rolls. */
export function requireRollingUpdate(kind: WorkloadKind, workload: Workload): void {
  const type = workload.spec.updateStrategy?.type ?? 'RollingUpdate';
  if (type !== 'RollingUpdate') {
    throw new PreconditionError(
      `${kind} ${workload.metadata.namespace}/${workload.metadata.name} uses updateStrategy ${type}: only RollingUpdate replaces pods when the pod template changes`,
    );
  }
}
