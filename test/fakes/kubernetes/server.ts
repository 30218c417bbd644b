import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { matchesSelector } from './label-selector.js';
import { acceptUpgrade, channelFrame, closeFrame } from './websocket.js';

/**
 * A Kubernetes API server on 127.0.0.1 speaking the real wire format for the paths opsflow's steps use: objects
 * under /api/v1 and /apis/{apps,batch}/v1, strategic merge PATCH (JSON merge PATCH on Workflows, as custom resources take), Eviction, pod logs, exec over WebSocket
 * (v4.channel.k8s.io), `Status` error bodies, bearer-token auth. Simulated controllers move rollouts, evicted pods
 * and Jobs forward one step per read, so waits see progress. Faults are scripted per route.
 */

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly contentType?: string;
  readonly authorization?: string;
  /** Parsed JSON when the body is JSON, else the text; undefined when empty. */
  readonly body?: unknown;
}

export type Fault =
  /** Answer with this status and a `Status` body (429/503 may carry Retry-After). */
  | {
      readonly status: number;
      readonly retryAfterSeconds?: number;
      readonly reason?: string;
      readonly message?: string;
    }
  /** Drop the connection without an answer (ECONNRESET on the client). */
  | { readonly reset: true }
  /** Answer normally, but only after this long (beyond a client timeout). */
  | { readonly delayMs: number }
  /** Carry the request out, then drop the connection instead of answering (the answer is lost on the way back). */
  | { readonly loseResponse: true };

export interface ExecOutcome {
  readonly stdout?: string | Buffer;
  readonly stderr?: string;
  readonly exitCode?: number;
  /** The command could not run at all (e.g. executable not found): a Failure status without an exit code. */
  readonly failure?: string;
  /** The command ran, then the connection drops before any output or status: the answer is lost. */
  readonly lost?: true;
}
export type ExecHandler = (
  command: string[],
  target: { namespace: string; pod: string; container: string },
) => ExecOutcome;

// biome-ignore lint/suspicious/noExplicitAny: stored objects are arbitrary JSON, as in etcd.
type Json = any;

const RESOURCES: Record<string, { kind: string; group: string }> = {
  pods: { kind: 'Pod', group: '' },
  configmaps: { kind: 'ConfigMap', group: '' },
  events: { kind: 'Event', group: '' },
  nodes: { kind: 'Node', group: '' },
  replicasets: { kind: 'ReplicaSet', group: 'apps' },
  workflows: { kind: 'Workflow', group: 'argoproj.io' },
  deployments: { kind: 'Deployment', group: 'apps' },
  statefulsets: { kind: 'StatefulSet', group: 'apps' },
  daemonsets: { kind: 'DaemonSet', group: 'apps' },
  jobs: { kind: 'Job', group: 'batch' },
  cronjobs: { kind: 'CronJob', group: 'batch' },
};
const PLURAL_OF = Object.fromEntries(Object.entries(RESOURCES).map(([plural, { kind }]) => [kind, plural]));
const WORKLOADS = new Set(['deployments', 'statefulsets', 'daemonsets']);
const ROUTE =
  /^\/(?:api\/v1|apis\/(apps|batch)\/v1|apis\/(argoproj\.io)\/v1alpha1)\/namespaces\/([^/]+)\/([a-z]+)(?:\/([^/]+)(?:\/([a-z]+))?)?$/;
const PATCH_TYPES = [
  'application/strategic-merge-patch+json',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/apply-patch+yaml',
];
/** Frames of at most this size carry exec stdout, so big outputs arrive in many messages as from a kubelet. */
const EXEC_CHUNK = 16 * 1024;

export class FakeKubernetes {
  readonly token = `fake-${randomBytes(8).toString('hex')}`;
  readonly requests: RecordedRequest[] = [];
  /** `progress`: controllers move one step per read; `stuck`: they observe changes but never progress. */
  controllers: 'progress' | 'stuck' = 'progress';
  /** How Jobs created here end. */
  jobOutcome: 'Complete' | 'Failed' = 'Complete';
  /** Added to every answer, as a distant API server would (benchmarks). */
  latencyMs = 0;
  exec: ExecHandler = (command) => ({ failure: `exec: "${command[0]}": executable file not found in $PATH` });
  url = '';

  private readonly objects = new Map<string, Json>();
  private readonly logs = new Map<string, string>();
  private readonly faults = new Map<string, Fault[]>();
  /** Updated replicas of workloads whose rollout is in flight (-2: not yet observed by the controller, -1: observed next read). */
  private readonly rollouts = new Map<string, number>();
  /** Connections whose answer is to be lost (fault `loseResponse`). */
  private readonly losing = new WeakSet<Socket | Duplex>();
  /** Evicted pods already seen terminating by a read. */
  private readonly terminating = new Set<string>();
  private readonly server: Server;
  private readonly sockets = new Set<Socket | Duplex>();
  private resourceVersion = 1000;

  /** `tls`: serve HTTPS with this key and certificate, as a real API server does; else plain HTTP. */
  constructor(private readonly tls?: { readonly key: string; readonly cert: string }) {
    const listener: RequestListener = (req, res) => {
      this.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) this.sendStatus(res, 500, 'InternalError', error.message);
      });
    };
    this.server = tls ? createTlsServer(tls, listener) : createServer(listener);
    this.server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (req, socket) => {
      this.sockets.add(socket);
      this.upgrade(req, socket).catch(() => socket.destroy());
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('fake kubernetes: no port');
    this.url = `${this.tls ? 'https' : 'http'}://127.0.0.1:${address.port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A kubeconfig for this server with a bearer token, as `OPSFLOW_KUBECONFIG_DIR/<cluster>`. */
  writeKubeconfig(dir: string, cluster: string): string {
    const file = join(dir, cluster);
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: ${cluster}`,
        '  cluster:',
        `    server: ${this.url}`,
        // The CA that signed the server's certificate; client-node refuses plain http unless verification is off.
        this.tls
          ? `    certificate-authority-data: ${Buffer.from(this.tls.cert).toString('base64')}`
          : '    insecure-skip-tls-verify: true',
        'contexts:',
        `- name: ${cluster}`,
        '  context:',
        `    cluster: ${cluster}`,
        '    user: opsflow',
        `current-context: ${cluster}`,
        'users:',
        '- name: opsflow',
        '  user:',
        `    token: ${this.token}`,
        '',
      ].join('\n'),
    );
    return file;
  }

  /** Stores an object as the API server would (uid, generation, resourceVersion filled in) and returns it. */
  add(object: Json): Json {
    const stored: Json = structuredClone(object);
    stored.metadata.uid ??= randomUUID();
    stored.metadata.generation ??= 1;
    stored.metadata.resourceVersion = String(++this.resourceVersion);
    stored.metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const key = this.key(PLURAL_OF[stored.kind]!, stored.metadata.namespace ?? '', stored.metadata.name);
    // A fresh object: whatever the controllers were doing with one of the same name is over.
    this.rollouts.delete(key);
    this.terminating.delete(key);
    this.objects.set(key, stored);
    return structuredClone(stored);
  }

  /** The stored object, or undefined. */
  object(kind: string, namespace: string, name: string): Json | undefined {
    const stored = this.objects.get(this.key(PLURAL_OF[kind]!, namespace, name));
    return stored === undefined ? undefined : structuredClone(stored);
  }

  objectsOf(kind: string, namespace: string): Json[] {
    const prefix = this.key(PLURAL_OF[kind]!, namespace, '');
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, value]) => structuredClone(value));
  }

  setLogs(namespace: string, pod: string, container: string, text: string, options: { previous?: boolean } = {}): void {
    this.logs.set(`${namespace}/${pod}/${container}${options.previous ? '/previous' : ''}`, text);
  }

  /** The next requests to `method path` (path without query) get these answers, in order. */
  fail(method: string, path: string, ...faults: Fault[]): void {
    const key = `${method} ${path}`;
    this.faults.set(key, [...(this.faults.get(key) ?? []), ...faults]);
  }

  /** Requests that could change something (anything but GET). */
  mutations(): RecordedRequest[] {
    return this.requests.filter((request) => request.method !== 'GET');
  }

  private key(plural: string, namespace: string, name: string): string {
    return `${plural}/${namespace}/${name}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const text = await readBody(req);
    const contentType = req.headers['content-type'];
    this.record(req, url, text);
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      this.sendStatus(res, 401, 'Unauthorized', 'Unauthorized');
      return;
    }
    if (await this.injectFault(req, url, res.socket, (fault) => this.sendFault(res, fault))) return;
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));

    // Nodes are cluster-scoped: `/api/v1/nodes/<name>`, stored without a namespace.
    const node = /^\/api\/v1\/nodes\/([^/]+)$/.exec(url.pathname);
    if (node)
      return this.single(req.method ?? 'GET', 'nodes', '', decodeURIComponent(node[1]!), text, contentType, res);
    const route = ROUTE.exec(url.pathname);
    const resource = route && RESOURCES[route[4]!];
    if (!route || !resource || (route[1] ?? route[2] ?? '') !== resource.group) {
      this.sendStatus(res, 404, 'NotFound', 'the server could not find the requested resource');
      return;
    }
    const [, , , namespace, plural, name, subresource] = route as unknown as [
      string,
      string,
      string,
      string,
      string,
      string?,
      string?,
    ];
    const method = req.method ?? 'GET';
    if (name === undefined) return this.collection(method, plural, namespace, url, text, res);
    if (subresource === undefined) return this.single(method, plural, namespace, name, text, contentType, res);
    if (plural === 'pods' && subresource === 'eviction' && method === 'POST')
      return this.evict(namespace, name, text, res);
    if (plural === 'pods' && subresource === 'log' && method === 'GET') return this.podLog(namespace, name, url, res);
    this.sendStatus(res, 405, 'MethodNotAllowed', `${method} is not supported on ${url.pathname}`);
  }

  private record(req: IncomingMessage, url: URL, text: string): void {
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      query[key] = values.length === 1 ? values[0]! : values;
    }
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      body,
    });
  }

  /** Applies the next scripted fault of the route; true when it answered (or dropped) the request. */
  private async injectFault(
    req: IncomingMessage,
    url: URL,
    socket: Socket | Duplex | null,
    send: (fault: Extract<Fault, { status: number }>) => void,
  ): Promise<boolean> {
    const fault = this.faults.get(`${req.method} ${url.pathname}`)?.shift();
    if (!fault) return false;
    if ('reset' in fault) {
      (socket as Socket | null)?.resetAndDestroy?.();
      socket?.destroy();
      return true;
    }
    if ('delayMs' in fault) {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      return socket?.destroyed ?? true;
    }
    if ('loseResponse' in fault) {
      if (socket) this.losing.add(socket);
      return socket === null;
    }
    send(fault);
    return true;
  }

  private sendFault(res: ServerResponse, fault: Extract<Fault, { status: number }>): void {
    if (fault.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fault.retryAfterSeconds));
    this.sendStatus(
      res,
      fault.status,
      fault.reason ?? reasonOf(fault.status),
      fault.message ?? `injected ${fault.status}`,
    );
  }

  private collection(method: string, plural: string, namespace: string, url: URL, text: string, res: ServerResponse) {
    const { kind, group } = RESOURCES[plural]!;
    if (method === 'GET') {
      const selector = url.searchParams.get('labelSelector') ?? '';
      const all = [...this.objects.entries()]
        .filter(([key]) => key.startsWith(this.key(plural, namespace, '')))
        .map(([key]) => this.tick(key))
        .filter((object): object is Json => object !== undefined && matchesSelector(selector, object.metadata.labels))
        .filter((object) => matchesFields(url.searchParams.get('fieldSelector') ?? '', object));
      const limit = Number(url.searchParams.get('limit') ?? 0);
      const offset = Number(Buffer.from(url.searchParams.get('continue') ?? '', 'base64url').toString() || 0);
      const items = limit > 0 ? all.slice(offset, offset + limit) : all.slice(offset);
      const more = limit > 0 && offset + limit < all.length;
      this.send(res, 200, {
        kind: `${kind}List`,
        apiVersion: apiVersionOf(group),
        metadata: {
          resourceVersion: String(this.resourceVersion),
          ...(more ? { continue: Buffer.from(String(offset + limit)).toString('base64url') } : {}),
        },
        items,
      });
      return;
    }
    if (method === 'POST') {
      const object = parseJson(text);
      if (object?.kind !== kind || object.apiVersion !== apiVersionOf(group) || !object.metadata?.name) {
        this.sendStatus(res, 400, 'BadRequest', `expected a ${apiVersionOf(group)} ${kind} with metadata.name`);
        return;
      }
      if (this.objects.has(this.key(plural, namespace, object.metadata.name))) {
        this.sendStatus(res, 409, 'AlreadyExists', `${plural}.${group} "${object.metadata.name}" already exists`, {
          name: object.metadata.name,
          group,
          kind: plural,
        });
        return;
      }
      object.metadata.namespace = namespace;
      this.send(res, 201, this.add(object));
      return;
    }
    this.sendStatus(res, 405, 'MethodNotAllowed', `${method} is not supported on a ${kind} collection`);
  }

  /**
   * A replace, with the API server's optimistic concurrency: a body whose `metadata.resourceVersion` is not the
   * stored one is refused with 409 Conflict, so of two writers that read the same version only one wins.
   */
  private replace(plural: string, stored: Json, text: string, res: ServerResponse): void {
    const { kind, group } = RESOURCES[plural]!;
    const object = parseJson(text);
    if (object?.kind !== kind || object.metadata?.name !== stored.metadata.name) {
      this.sendStatus(res, 400, 'BadRequest', `expected the ${kind} "${stored.metadata.name}"`);
      return;
    }
    const version = object.metadata.resourceVersion;
    if (version !== undefined && version !== stored.metadata.resourceVersion) {
      this.sendStatus(
        res,
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${plural}${group ? `.${group}` : ''} "${stored.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name: stored.metadata.name, group, kind: plural },
      );
      return;
    }
    object.metadata = {
      ...object.metadata,
      namespace: stored.metadata.namespace,
      uid: stored.metadata.uid,
      creationTimestamp: stored.metadata.creationTimestamp,
      generation: stored.metadata.generation,
      resourceVersion: String(++this.resourceVersion),
    };
    this.objects.set(this.key(plural, stored.metadata.namespace, stored.metadata.name), object);
    this.send(res, 200, structuredClone(object));
  }

  private single(
    method: string,
    plural: string,
    namespace: string,
    name: string,
    text: string,
    contentType: string | undefined,
    res: ServerResponse,
  ): void {
    const key = this.key(plural, namespace, name);
    const { group } = RESOURCES[plural]!;
    const object = method === 'GET' ? this.tick(key) : this.objects.get(key);
    if (!object) {
      this.sendStatus(res, 404, 'NotFound', `${plural}${group ? `.${group}` : ''} "${name}" not found`, {
        name,
        group,
        kind: plural,
      });
      return;
    }
    if (method === 'GET') {
      this.send(res, 200, object);
      return;
    }
    if (method === 'PUT') {
      this.replace(plural, object, text, res);
      return;
    }
    if (method === 'PATCH') {
      const type = contentType?.split(';')[0]?.trim() ?? '';
      if (!PATCH_TYPES.includes(type)) {
        this.sendStatus(
          res,
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`,
        );
        return;
      }
      // Custom resources take no strategic merge patch (the API server has no Go struct to merge them by).
      const wanted =
        group === 'argoproj.io' ? 'application/merge-patch+json' : 'application/strategic-merge-patch+json';
      if (group === 'argoproj.io' && type === 'application/strategic-merge-patch+json') {
        this.sendStatus(
          res,
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.filter((t) => t !== type).join(', ')}`,
        );
        return;
      }
      if (type !== wanted) {
        this.sendStatus(res, 415, 'UnsupportedMediaType', `the fake only implements ${wanted} here, got ${type}`);
        return;
      }
      const patch = parseJson(text);
      if (patch === undefined || typeof patch !== 'object') {
        this.sendStatus(res, 400, 'BadRequest', 'the patch is not a JSON object');
        return;
      }
      const specBefore = JSON.stringify(object.spec);
      mergePatch(object, patch);
      object.metadata.resourceVersion = String(++this.resourceVersion);
      if (JSON.stringify(object.spec) !== specBefore) {
        object.metadata.generation += 1;
        if (WORKLOADS.has(plural)) this.rollouts.set(key, -2);
      }
      this.send(res, 200, structuredClone(object));
      return;
    }
    if (method === 'DELETE') {
      const options = parseJson(text) ?? {};
      const uid = options.preconditions?.uid;
      if (uid !== undefined && uid !== object.metadata.uid) {
        this.sendStatus(
          res,
          409,
          'Conflict',
          `Operation cannot be fulfilled on ${plural} "${name}": Precondition failed: UID in precondition: ${uid}, UID in object meta: ${object.metadata.uid}`,
        );
        return;
      }
      this.objects.delete(key);
      this.send(res, 200, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name, group, kind: plural, uid: object.metadata.uid },
      });
      return;
    }
    this.sendStatus(res, 405, 'MethodNotAllowed', `${method} is not supported on ${plural}/${name}`);
  }

  private evict(namespace: string, name: string, text: string, res: ServerResponse): void {
    const eviction = parseJson(text);
    if (eviction?.apiVersion !== 'policy/v1' || eviction.kind !== 'Eviction' || eviction.metadata?.name !== name) {
      this.sendStatus(res, 400, 'BadRequest', `expected a policy/v1 Eviction of pod "${name}"`);
      return;
    }
    const pod = this.objects.get(this.key('pods', namespace, name));
    if (!pod) {
      this.sendStatus(res, 404, 'NotFound', `pods "${name}" not found`, { name, group: '', kind: 'pods' });
      return;
    }
    pod.metadata.deletionTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    this.send(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  }

  private podLog(namespace: string, name: string, url: URL, res: ServerResponse): void {
    const pod = this.tick(this.key('pods', namespace, name));
    if (!pod) {
      this.sendStatus(res, 404, 'NotFound', `pods "${name}" not found`, { name, group: '', kind: 'pods' });
      return;
    }
    const containers: string[] = pod.spec.containers.map((c: { name: string }) => c.name);
    const container = url.searchParams.get('container') ?? (containers.length === 1 ? containers[0] : undefined);
    if (!container) {
      this.sendStatus(
        res,
        400,
        'BadRequest',
        `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`,
      );
      return;
    }
    if (
      !containers.includes(container) &&
      !pod.spec.initContainers?.some((c: { name: string }) => c.name === container)
    ) {
      this.sendStatus(res, 400, 'BadRequest', `container ${container} is not valid for pod ${name}`);
      return;
    }
    const previous = url.searchParams.get('previous') === 'true';
    const text = this.logs.get(`${namespace}/${name}/${container}${previous ? '/previous' : ''}`);
    if (text === undefined && previous) {
      this.sendStatus(
        res,
        400,
        'BadRequest',
        `previous terminated container "${container}" in pod "${name}" not found`,
      );
      return;
    }
    let lines = (text ?? '').split(/(?<=\n)/).filter((line) => line !== '');
    const tail = url.searchParams.get('tailLines');
    if (tail !== null) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
    this.send(res, 200, lines.join(''), 'text/plain');
  }

  private async upgrade(req: IncomingMessage, socket: Duplex): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.record(req, url, '');
    const refuse = (status: number, reason: string, message: string): void => {
      const body = JSON.stringify(statusBody(status, reason, message));
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    };
    if (req.headers.authorization !== `Bearer ${this.token}`) return refuse(401, 'Unauthorized', 'Unauthorized');
    if (await this.injectFault(req, url, socket, (fault) => refuse(fault.status, reasonOf(fault.status), 'injected'))) {
      return;
    }
    const route = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/.exec(url.pathname);
    if (!route) return refuse(404, 'NotFound', 'the server could not find the requested resource');
    const [, namespace, name] = route as unknown as [string, string, string];
    const pod = this.objects.get(this.key('pods', namespace, name));
    if (!pod) return refuse(404, 'NotFound', `pods "${name}" not found`);
    const container = url.searchParams.get('container') ?? '';
    if (!pod.spec.containers.some((c: { name: string }) => c.name === container)) {
      return refuse(400, 'BadRequest', `container ${container} is not valid for pod ${name}`);
    }
    if (!acceptUpgrade(req, socket, 'v4.channel.k8s.io')) return;

    const outcome = this.exec(url.searchParams.getAll('command'), { namespace, pod: name, container });
    if (outcome.lost) {
      socket.destroy();
      return;
    }
    const stdout = Buffer.from(outcome.stdout ?? '');
    for (let offset = 0; offset < stdout.length; offset += EXEC_CHUNK) {
      socket.write(channelFrame(1, stdout.subarray(offset, offset + EXEC_CHUNK)));
    }
    if (outcome.stderr) socket.write(channelFrame(2, outcome.stderr));
    socket.write(channelFrame(3, JSON.stringify(execStatus(outcome))));
    socket.end(closeFrame());
  }

  /** One step of the simulated controllers on a read; returns the (possibly removed) stored object. */
  private tick(key: string): Json | undefined {
    const object = this.objects.get(key);
    if (!object || (this.controllers === 'stuck' && !WORKLOADS.has(key.split('/')[0]!))) return object;
    const plural = key.split('/')[0]!;
    if (WORKLOADS.has(plural) && this.rollouts.has(key)) this.progressRollout(key, plural, object);
    if (plural === 'pods' && object.metadata.deletionTimestamp) {
      // Seen terminating by one read, gone by the next.
      if (!this.terminating.has(key)) {
        this.terminating.add(key);
        return object;
      }
      this.terminating.delete(key);
      return this.replacePod(key, object);
    }
    if (plural === 'jobs') progressJob(object, this.jobOutcome);
    return object;
  }

  private progressRollout(key: string, plural: string, object: Json): void {
    const updated = this.rollouts.get(key)!;
    // The controller notices the new generation only after one read has seen it unobserved.
    if (updated === -2) {
      this.rollouts.set(key, -1);
      return;
    }
    const wanted = plural === 'daemonsets' ? (object.status?.desiredNumberScheduled ?? 1) : (object.spec.replicas ?? 1);
    const next = updated < 0 ? 0 : this.controllers === 'stuck' ? updated : Math.min(wanted, updated + 1);
    object.status = { ...object.status, observedGeneration: object.metadata.generation };
    if (plural === 'deployments') {
      Object.assign(object.status, {
        replicas: wanted,
        updatedReplicas: next,
        readyReplicas: wanted,
        availableReplicas: next,
      });
    } else if (plural === 'statefulsets') {
      const revision = `${object.metadata.name}-${object.metadata.generation}`;
      Object.assign(object.status, {
        replicas: wanted,
        readyReplicas: wanted,
        updatedReplicas: next,
        updateRevision: revision,
      });
      if (next === wanted) object.status.currentRevision = revision;
    } else {
      Object.assign(object.status, {
        desiredNumberScheduled: wanted,
        updatedNumberScheduled: next,
        numberAvailable: wanted,
      });
    }
    if (next === wanted) this.rollouts.delete(key);
    else this.rollouts.set(key, next);
  }

  /** An evicted pod goes away; its controller creates a replacement (same name for a StatefulSet). */
  private replacePod(key: string, pod: Json): undefined {
    this.objects.delete(key);
    const owner = pod.metadata.ownerReferences?.find((ref: { controller?: boolean }) => ref.controller);
    if (owner) {
      const name =
        owner.kind === 'StatefulSet'
          ? pod.metadata.name
          : `${pod.metadata.name.replace(/-[a-z0-9]{5}$/, '')}-${randomBytes(3).toString('hex').slice(0, 5)}`;
      const {
        uid: _uid,
        deletionTimestamp: _gone,
        creationTimestamp: _created,
        resourceVersion: _rv,
        ...metadata
      } = pod.metadata;
      this.add({ ...pod, metadata: { ...metadata, name }, status: { phase: 'Pending' } });
    }
    return undefined;
  }

  private send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
    if (res.socket && this.losing.delete(res.socket)) {
      res.socket.destroy();
      return;
    }
    res.writeHead(status, { 'content-type': contentType });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  private sendStatus(res: ServerResponse, code: number, reason: string, message: string, details?: object): void {
    this.send(res, code, statusBody(code, reason, message, details));
  }
}

function statusBody(code: number, reason: string, message: string, details?: object): Json {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

function execStatus(outcome: ExecOutcome): Json {
  if (outcome.failure) return { metadata: {}, status: 'Failure', message: outcome.failure, reason: 'InternalError' };
  if (!outcome.exitCode) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: exit status ${outcome.exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(outcome.exitCode) }] },
  };
}

function progressJob(job: Json, outcome: 'Complete' | 'Failed'): void {
  job.status ??= {};
  const status = job.status;
  if (status.conditions?.some((c: { type: string }) => c.type === 'Complete' || c.type === 'Failed')) return;
  if (!status.active) {
    Object.assign(status, { active: 1, startTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });
    return;
  }
  status.active = 0;
  if (outcome === 'Complete') {
    status.succeeded = 1;
    status.conditions = [
      { type: 'SuccessCriteriaMet', status: 'True' },
      { type: 'Complete', status: 'True' },
    ];
  } else {
    status.failed = 1;
    status.conditions = [
      { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded' },
      {
        type: 'Failed',
        status: 'True',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
      },
    ];
  }
}

/** Strategic merge patch restricted to what the steps send: maps merge recursively, null deletes, lists replace. */
function mergePatch(target: Json, patch: Json): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else if (isMap(value) && isMap(target[key])) mergePatch(target[key], value);
    else target[key] = structuredClone(value);
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): Json {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function apiVersionOf(group: string): string {
  if (group === 'argoproj.io') return 'argoproj.io/v1alpha1';
  return group ? `${group}/v1` : 'v1';
}

function reasonOf(status: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    403: 'Forbidden',
    404: 'NotFound',
    409: 'Conflict',
    422: 'Invalid',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return reasons[status] ?? 'Unknown';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A field selector of `path=value` terms joined by commas (`involvedObject.name=web-1,involvedObject.kind=Pod`). */
function matchesFields(selector: string, object: Json): boolean {
  return selector
    .split(',')
    .filter((term) => term !== '')
    .every((term) => {
      const [path = '', value] = term.split('=');
      return String(path.split('.').reduce((at: Json, key) => at?.[key], object) ?? '') === value;
    });
}
