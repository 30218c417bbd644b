import { TransientError } from '../../steps/runtime/errors.js';
import {
  backoffDelay,
  eachItem,
  HttpError,
  type QueryValue,
  type RetryInfo,
  type RetryPolicy,
  type SortDirection,
  sleep,
} from '../http/index.js';
import type { OpenStackCloud } from './cloud.js';
import { isAnswerLost, withServerMessage } from './errors.js';
import { discoverMicroversion, rangeOf, ServiceClient } from './service.js';
import type { WaitCheck } from './wait.js';

/** An Ironic node (the fields opsflow reads). */
export interface BaremetalNode {
  readonly uuid: string;
  readonly name: string | null;
  readonly driver?: string;
  /** Ironic masks the secrets in it (`******`). */
  readonly driver_info?: Record<string, unknown>;
  readonly resource_class?: string | null;
  readonly provision_state: string;
  readonly target_provision_state: string | null;
  readonly power_state: string | null;
  readonly target_power_state: string | null;
  readonly maintenance: boolean;
  readonly maintenance_reason: string | null;
  readonly fault?: string | null;
  readonly last_error: string | null;
  readonly properties?: Record<string, unknown>;
  readonly extra?: Record<string, unknown>;
  readonly owner?: string | null;
  readonly instance_uuid?: string | null;
  /** When the provision state last changed (set by every provision verb Ironic accepts). */
  readonly provision_updated_at?: string | null;
}

/** An Ironic port (the fields opsflow reads). */
export interface BaremetalPort {
  readonly uuid: string;
  readonly address: string;
  readonly node_uuid: string;
  /** API >= 1.88 (above IRONIC_MICROVERSION, so absent unless pinned). */
  readonly name?: string | null;
  readonly extra?: Record<string, unknown>;
}

export type PowerTarget = 'power on' | 'power off' | 'rebooting' | 'soft power off' | 'soft rebooting';
export type ProvisionTarget = 'manage' | 'provide' | 'inspect' | 'clean' | 'rebuild' | 'active' | 'deleted' | 'abort';

/** A manual clean step: `{"interface": "bios", "step": "apply_configuration", "args": {...}}`. */
export interface CleanStep {
  readonly interface: string;
  readonly step: string;
  readonly args?: Record<string, unknown>;
}

/** Ironic's failure states (ironic.common.states.FAILURE_STATES, plus `error`, where a failed teardown ends). */
export const FAILURE_STATES: ReadonlySet<string> = new Set([
  'deploy failed',
  'clean failed',
  'inspect failed',
  'rescue failed',
  'unrescue failed',
  'adopt failed',
  'service failed',
  'error',
]);

/** The newest microversion this client knows (Ironic 2023.1); older servers get their own maximum. */
export const IRONIC_MICROVERSION = '1.82';
/** Below this the client cannot work: node names everywhere, `manage`/`provide`/`inspect` verbs, manual clean. */
const IRONIC_MIN_MICROVERSION = '1.31';

/** How a listing is read: page size, the fields to return, direction and an abort signal for every page. */
export interface ListOptions {
  readonly pageSize?: number;
  readonly fields?: readonly string[];
  /** @default 'asc' */
  readonly sortDir?: SortDirection;
  readonly signal?: AbortSignal;
}

export type NodeListOptions = ListOptions & { readonly filters?: Readonly<Record<string, QueryValue>> };
export type PortListOptions = ListOptions & { readonly node?: string; readonly address?: string };

export interface BaremetalClientOptions {
  /** Pin a microversion instead of negotiating the highest both sides support. */
  readonly microversion?: string;
  /** Retries of a request refused with 409 NodeLocked (another operation holds the node). */
  readonly lockRetry?: Partial<RetryPolicy>;
  /** Called before each NodeLocked retry, for step logs. */
  readonly onRetry?: (info: RetryInfo) => void;
  /** Called when a state change's answer was lost and the node was read to learn whether it was applied. */
  readonly onAnswerLost?: (info: { method: string; url: string; reason: string; applied: boolean }) => void;
  /** Ends a NodeLocked backoff at once (the step is being stopped). */
  readonly signal?: AbortSignal;
  /** @internal tests make jitter deterministic */
  readonly random?: () => number;
}

const DEFAULT_LOCK_RETRY: RetryPolicy = { retries: 5, minDelayMs: 1000, maxDelayMs: 8000 };

/** The Ironic bare metal API (`X-OpenStack-Ironic-API-Version` on every request). */
export class BaremetalClient extends ServiceClient {
  private readonly lockRetry: RetryPolicy;

  private constructor(
    cloud: OpenStackCloud,
    http: ServiceClient['http'],
    readonly microversion: string,
    private readonly options: BaremetalClientOptions,
  ) {
    super(cloud, http);
    this.lockRetry = { ...DEFAULT_LOCK_RETRY, ...options.lockRetry };
  }

  /** Connects to the cloud's `baremetal` endpoint and settles the microversion (`GET /` needs no token). */
  static async connect(cloud: OpenStackCloud, options: BaremetalClientOptions = {}): Promise<BaremetalClient> {
    // `GET /` needs no token: `{"default_version": {"version": "1.82", "min_version": "1.1"}}`.
    const microversion =
      options.microversion ??
      (await discoverMicroversion(cloud, 'baremetal', {
        service: 'Ironic',
        wanted: IRONIC_MICROVERSION,
        minimum: IRONIC_MIN_MICROVERSION,
        range: (document) => rangeOf(document.default_version),
        withoutRange: IRONIC_MIN_MICROVERSION,
      }));
    const http = await cloud.serviceHttp('baremetal', { headers: { 'x-openstack-ironic-api-version': microversion } });
    return new BaremetalClient(cloud, http, microversion, options);
  }

  /** A node by name or UUID. */
  async node(ident: string): Promise<BaremetalNode> {
    return (await this.http.get<BaremetalNode>(nodePath(ident))).data;
  }

  /**
   * Every node, `pageSize` per request (Ironic caps it at its `max_limit`, 1000 by default), following `next` links:
   * `/v1/nodes/detail`, or with `fields`, `/v1/nodes` with only those (and `uuid`, which the marker needs); Ironic
   * refuses `fields` on `/detail`, and `/v1/nodes` alone returns only a few fields per node.
   */
  nodes(options: NodeListOptions = {}): AsyncGenerator<BaremetalNode, void, undefined> {
    return eachItem(this.nodePages(options));
  }

  /** The pages of `nodes`, for bulk reads. */
  nodePages(options: NodeListOptions = {}): AsyncGenerator<readonly BaremetalNode[], void, undefined> {
    const fields = options.fields ? [...new Set(['uuid', ...options.fields])].join(',') : undefined;
    // Ironic breaks created_at ties by id in the same direction (ironic/db/sqlalchemy/api.py _paginate_query), so
    // `desc` is exactly `asc` reversed: what reading from both ends (collectFromBothEnds) relies on.
    return this.listPages<BaremetalNode>(
      fields ? 'v1/nodes' : 'v1/nodes/detail',
      'nodes',
      {
        ...options.filters,
        limit: options.pageSize ?? 100,
        fields,
        sort_key: 'created_at',
        sort_dir: options.sortDir ?? 'asc',
      },
      options.signal,
    );
  }

  /**
   * Every port (or, with `node`, a node's ports by name or UUID), `pageSize` per request, following `next` links:
   * `/v1/ports/detail`, or with `fields`, `/v1/ports` with only those (and `uuid`, which the marker needs); Ironic
   * refuses `fields` on `/detail`.
   */
  ports(options: PortListOptions = {}): AsyncGenerator<BaremetalPort, void, undefined> {
    return eachItem(this.portPages(options));
  }

  /** The pages of `ports`, for bulk reads. */
  portPages(options: PortListOptions = {}): AsyncGenerator<readonly BaremetalPort[], void, undefined> {
    const fields = options.fields ? [...new Set(['uuid', ...options.fields])].join(',') : undefined;
    return this.listPages<BaremetalPort>(
      fields ? 'v1/ports' : 'v1/ports/detail',
      'ports',
      // Ports sort by id unless told otherwise, in the direction asked (both keys: ironic/api/controllers/v1/port.py).
      {
        limit: options.pageSize ?? 100,
        fields,
        node: options.node,
        address: options.address,
        sort_dir: options.sortDir,
      },
      options.signal,
    );
  }

  async createNode(node: {
    name?: string;
    driver: string;
    properties?: Record<string, unknown>;
    [field: string]: unknown;
  }): Promise<BaremetalNode> {
    return (await this.http.post<BaremetalNode>('v1/nodes', { json: node })).data;
  }

  async createPort(port: { node_uuid: string; address: string }): Promise<BaremetalPort> {
    return (await this.http.post<BaremetalPort>('v1/ports', { json: port })).data;
  }

  async deleteNode(ident: string): Promise<void> {
    await this.whileLocked(() => this.http.delete(nodePath(ident)));
  }

  /** Sets one key of the node's `extra` (a JSON patch; setting a fixed value may be repeated); returns the node. */
  async setExtra(ident: string, key: string, value: unknown): Promise<BaremetalNode> {
    const response = await this.whileLocked(() =>
      this.http.patch<BaremetalNode>(nodePath(ident), {
        json: [{ op: 'add', path: `/extra/${key}`, value }],
        idempotent: true,
      }),
    );
    return response.data;
  }

  async setMaintenance(ident: string, reason: string | undefined): Promise<void> {
    await this.whileLocked(() => this.http.put(`${nodePath(ident)}/maintenance`, { json: reason ? { reason } : {} }));
  }

  async clearMaintenance(ident: string): Promise<void> {
    await this.whileLocked(() => this.http.delete(`${nodePath(ident)}/maintenance`));
  }

  /** Starts a power change (202); poll the node for the result. A lost answer is resolved by reading the node. */
  async setPowerState(ident: string, target: PowerTarget): Promise<void> {
    const ends = target.endsWith('power off') ? 'power off' : 'power on';
    const rebooting = target.endsWith('rebooting');
    await this.changeState(ident, 'power', { target }, (node) =>
      rebooting ? node.target_power_state === ends : (node.target_power_state ?? node.power_state) === ends,
    );
  }

  /**
   * Starts a provision state change (202); poll the node for the result. A lost answer is resolved by reading the
   * node: the change was made when the node is on its way to the verb's state, or its provision state changed since
   * `since` (the node as read before asking).
   */
  async setProvisionState(
    ident: string,
    target: ProvisionTarget,
    extra: { clean_steps?: readonly CleanStep[] } = {},
    since?: Pick<BaremetalNode, 'provision_updated_at'>,
  ): Promise<void> {
    const ends = VERB_ENDS[target];
    await this.changeState(
      ident,
      'provision',
      { target, ...extra },
      (node) =>
        (ends !== undefined && node.target_provision_state === ends) ||
        (since?.provision_updated_at != null && node.provision_updated_at !== since.provision_updated_at),
    );
  }

  /**
   * Asks for a state change, never repeating it blindly: when the answer is lost (a reset, a timeout, a gateway's
   * 502/503/504) the change may have been applied, and asking again is refused in the new state ("can not be
   * performed on node ... while it is in state cleaning") or does it twice. So the node is read: the change counts
   * as made when `shows` sees it, and is asked again (up to STATE_CHANGE_ATTEMPTS times) only when it does not.
   */
  private async changeState(
    ident: string,
    kind: 'power' | 'provision',
    json: Record<string, unknown>,
    shows: (node: BaremetalNode) => boolean,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.whileLocked(() => this.http.put(`${nodePath(ident)}/states/${kind}`, { json, idempotent: false }));
        return;
      } catch (error) {
        if (!isAnswerLost(error)) throw error;
        const applied = shows(await this.node(ident));
        const reason = error.kind === 'http' ? `status ${error.status}` : error.kind;
        this.options.onAnswerLost?.({ method: error.method, url: error.url, reason, applied });
        if (applied) return;
        if (attempt >= STATE_CHANGE_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Runs a node request, repeating it while Ironic answers 409 "Node ... is locked by host ..." (a conductor holds
   * the node for another operation). When the lock outlasts the retries the failure is transient (exit 75).
   */
  private async whileLocked<T>(send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (!isNodeLocked(error)) throw error;
        const clear = withServerMessage(error);
        if (attempt > this.lockRetry.retries) {
          throw new TransientError(`${clear.message} (still locked after ${attempt} attempts)`, { cause: error });
        }
        const delayMs = backoffDelay(attempt, this.lockRetry, undefined, this.options.random);
        this.options.onRetry?.({ attempt, delayMs, reason: 'node locked', method: error.method, url: error.url });
        await sleep(delayMs, this.options.signal);
      }
    }
  }
}

function nodePath(ident: string): string {
  return `v1/nodes/${encodeURIComponent(ident)}`;
}

/** The provision state each verb leads to (Ironic's target_provision_state while it is under way). */
const VERB_ENDS: Partial<Record<ProvisionTarget, string>> = {
  manage: 'manageable',
  provide: 'available',
  inspect: 'manageable',
  clean: 'manageable',
  rebuild: 'active',
  active: 'active',
  deleted: 'available',
};
const STATE_CHANGE_ATTEMPTS = 3;

/** A failure after which the request may or may not have been carried out. */

function isNodeLocked(error: unknown): error is HttpError {
  return error instanceof HttpError && error.status === 409 && /is locked by host/.test(error.responseExcerpt ?? '');
}

/**
 * Whether the node is on its way to another provision state. A node in a failure state keeps the target of the
 * operation that failed (`clean failed` with target `manageable`), but nothing is moving any more.
 */
export function inTransition(node: BaremetalNode): boolean {
  return node.target_provision_state !== null && !FAILURE_STATES.has(node.provision_state);
}

/** How messages name a node: its name, else its UUID. */
export function nodeLabel(node: BaremetalNode): string {
  return node.name ?? node.uuid;
}
const lastError = (node: BaremetalNode): string => (node.last_error ? `: ${node.last_error}` : '');

/**
 * The wait check of a provision action that should end in `target` (a stable state such as `manageable`). A node
 * that reaches a failure state, or settles anywhere else, fails at once with Ironic's `last_error`. `before` is the
 * node as read before the request: until the node has moved, its old state does not count as an outcome.
 */
export function provisionCheck(target: string, before: BaremetalNode): (node: BaremetalNode) => WaitCheck {
  let moved = false;
  return (node) => {
    moved ||= node.provision_state !== before.provision_state || inTransition(node);
    if (node.provision_state === target && !inTransition(node)) return { done: true };
    if (moved && FAILURE_STATES.has(node.provision_state)) {
      return { failed: `node ${nodeLabel(node)} is in "${node.provision_state}"${lastError(node)}` };
    }
    if (moved && !inTransition(node)) {
      return {
        failed: `node ${nodeLabel(node)} settled in "${node.provision_state}", not "${target}"${lastError(node)}`,
      };
    }
    const pending = node.target_provision_state ? ` (target "${node.target_provision_state}")` : '';
    return { progress: `${node.provision_state}${pending}` };
  };
}

/**
 * The wait check of a power change that should end in `target` (`power on` or `power off`). Ironic sets
 * `target_power_state` and clears `last_error` before answering 202, so a node without a target is settled.
 */
export function powerCheck(target: 'power on' | 'power off'): (node: BaremetalNode) => WaitCheck {
  return (node) => {
    if (node.power_state === target && !node.target_power_state) return { done: true };
    if (!node.target_power_state && (node.last_error || node.power_state === 'error')) {
      return { failed: `node ${nodeLabel(node)} is "${node.power_state}", not "${target}"${lastError(node)}` };
    }
    return { progress: `${node.power_state ?? 'unknown'} (target "${node.target_power_state ?? target}")` };
  };
}
