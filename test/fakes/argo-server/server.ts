import { rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { creatorLabelValue } from '../../../src/cli/creator-label.js';
import { podName } from '../../../src/cli/logs.js';
import type { LogEntry, NodeStatus, UserInfo, Workflow, WorkflowTemplate } from '../../../src/clients/argo/index.js';
import { selfSignedCertificate } from '../self-signed.js';
import { type MatchedOperation, SwaggerValidator } from './swagger.js';

export interface FakeUser {
  /** The token, sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  readonly info: UserInfo;
  /** Templates an admission policy lets this user submit; others are refused with 403. @default every template */
  readonly mayRun?: readonly string[];
}

/** A line of a run's pod log: the pod, the text, and the time the kubelet stamps it with. */
export interface FakeLogLine {
  readonly podName: string;
  readonly content: string;
  readonly time?: string;
}

export interface RecordedArgoRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly operationId?: string;
}

export interface FakeArgoServerOptions {
  readonly templates: readonly WorkflowTemplate[];
  readonly users: readonly FakeUser[];
  readonly archived?: readonly Workflow[];
  /** Time between two steps of a submitted workflow's life. @default 20 */
  readonly tickMs?: number;
  /** How the step of a submitted workflow ends. @default 'Succeeded' */
  readonly outcome?: 'Succeeded' | 'Failed';
}

interface GrpcError {
  readonly status: number;
  readonly code: number;
  readonly message: string;
}

const LABEL_TEMPLATE = 'workflows.argoproj.io/workflow-template';
const LABEL_PHASE = 'workflows.argoproj.io/phase';
const LABEL_COMPLETED = 'workflows.argoproj.io/completed';
const LABEL_CREATOR = 'workflows.argoproj.io/creator';

/**
 * A stateful Argo Server (v4.1.2 REST API as grpc-gateway serves it) on 127.0.0.1 over HTTPS with a self-signed
 * certificate. Every request it receives and every response it sends is validated against the upstream swagger; a
 * mismatch lands in `violations` (tests assert it stays empty) and the request gets a 400.
 *
 * Submitted workflows live through: the `approval` suspend node (when the template has one) until it is resumed or
 * stopped, then the `run` node Pending, Running, and `outcome`, one change per `tickMs`, each visible to watches
 * and log streams.
 */
export class FakeArgoServer {
  readonly requests: RecordedArgoRequest[] = [];
  readonly violations: string[] = [];
  readonly workflows = new Map<string, Workflow>();
  readonly archived: Workflow[];
  /** Each run's log lines with the kubelet's time (the fake's clock when not given). */
  readonly logs = new Map<string, FakeLogLine[]>();
  readonly templates = new Map<string, WorkflowTemplate>();
  outcome: 'Succeeded' | 'Failed';
  url = '';
  /** The certificate's file, for `--certificate-authority`. */
  caFile = '';
  private server?: Server;
  private tlsDir = '';
  private counter = 0;
  private clock = Date.parse('2026-01-05T10:00:00Z');
  private readonly listeners = new Set<() => void>();
  private readonly streaming = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly validator = new SwaggerValidator();
  private readonly tickMs: number;

  constructor(private readonly options: FakeArgoServerOptions) {
    for (const template of options.templates) this.templates.set(template.metadata.name!, template);
    this.archived = [...(options.archived ?? [])];
    this.outcome = options.outcome ?? 'Succeeded';
    this.tickMs = options.tickMs ?? 20;
  }

  async start(): Promise<this> {
    const tls = selfSignedCertificate();
    this.tlsDir = tls.dir;
    this.caFile = join(tls.dir, 'cert.pem');
    this.server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.violations.push(`fake failed: ${(error as Error).stack}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
    rmSync(this.tlsDir, { recursive: true, force: true });
  }

  /** A workflow as the controller would have left it, e.g. for `get`, `history` and `logs` of finished runs. */
  addWorkflow(workflow: Workflow, logs: readonly FakeLogLine[] = []): void {
    this.workflows.set(workflow.metadata.name!, workflow);
    this.logs.set(
      workflow.metadata.name!,
      logs.map((line) => ({ ...line, time: line.time ?? this.now() })),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text === '' ? undefined : (JSON.parse(text) as unknown);
    const method = req.method ?? 'GET';
    const operation = this.validator.match(method, url.pathname);
    this.requests.push({
      method,
      path: url.pathname,
      query: url.searchParams,
      body,
      operationId: operation?.operationId,
    });

    const send = (status: number, payload: unknown): void => {
      if (operation) this.expectValid(operation.checkResponse(status, payload));
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const fail = (error: GrpcError): void => send(error.status, { code: error.code, message: error.message });

    if (!operation) return fail({ status: 404, code: 5, message: `Not Found: ${method} ${url.pathname}` });
    const problems = operation.checkRequest(url.searchParams, body);
    if (problems.length > 0) {
      this.violations.push(...problems);
      return fail({ status: 400, code: 3, message: problems.join('; ') });
    }
    const user = this.options.users.find((u) => req.headers.authorization === `Bearer ${u.token}`);
    // server/auth/gatekeeper.go: a missing or unknown token is codes.Unauthenticated.
    if (!user)
      return fail({
        status: 401,
        code: 16,
        message: 'token not valid. see https://argo-workflows.readthedocs.io/en/latest/faq/',
      });

    try {
      if (operation.operationId === 'WorkflowService_WatchWorkflows') return await this.watch(operation, url, res);
      if (operation.operationId === 'WorkflowService_WorkflowLogs') return await this.streamLogs(operation, url, res);
      send(200, this.answer(operation, url.searchParams, body as Record<string, unknown> | undefined, user));
    } catch (error) {
      if (isGrpcError(error)) return fail(error);
      throw error;
    }
  }

  private expectValid(problems: string[]): void {
    this.violations.push(...problems);
  }

  private answer(
    op: MatchedOperation,
    query: URLSearchParams,
    body: Record<string, unknown> | undefined,
    user: FakeUser,
  ): unknown {
    const { namespace = '', name = '' } = op.pathParams;
    switch (op.operationId) {
      case 'InfoService_GetUserInfo':
        return user.info;
      case 'WorkflowTemplateService_ListWorkflowTemplates':
        return { metadata: {}, items: [...this.templates.values()].filter((t) => t.metadata.namespace === namespace) };
      case 'WorkflowTemplateService_GetWorkflowTemplate':
        return this.template(namespace, name);
      case 'WorkflowService_SubmitWorkflow':
        return this.submit(namespace, body ?? {}, user);
      case 'WorkflowService_ListWorkflows': {
        const selector = query.get('listOptions.labelSelector') ?? '';
        const items = [...this.workflows.values()].filter(
          (wf) => wf.metadata.namespace === namespace && matchesSelector(wf.metadata.labels ?? {}, selector),
        );
        return { metadata: {}, items };
      }
      case 'WorkflowService_GetWorkflow':
        return this.workflow(namespace, name);
      case 'ArchivedWorkflowService_ListArchivedWorkflows': {
        const selector = query.get('listOptions.labelSelector') ?? '';
        const ns = query.get('namespace');
        const items = this.archived.filter(
          (wf) => (!ns || wf.metadata.namespace === ns) && matchesSelector(wf.metadata.labels ?? {}, selector),
        );
        return { metadata: {}, items };
      }
      case 'WorkflowService_StopWorkflow':
        return labelActor(this.shutdown(namespace, name, 'Stop', body), user, 'Stop');
      case 'WorkflowService_TerminateWorkflow':
        return labelActor(this.shutdown(namespace, name, 'Terminate', body), user, 'Terminate');
      case 'WorkflowService_ResumeWorkflow':
        return labelActor(this.resume(namespace, name, String(body?.nodeFieldSelector ?? '')), user, 'Resume');
      case 'WorkflowService_SetWorkflow':
        return labelActor(this.set(namespace, name, body ?? {}), user, '');
      case 'WorkflowService_RetryWorkflow':
        return this.retry(namespace, name);
      default:
        throw grpc(501, 12, `the fake does not implement ${op.operationId}`);
    }
  }

  private template(namespace: string, name: string): WorkflowTemplate {
    const template = this.templates.get(name);
    if (!template || template.metadata.namespace !== namespace) {
      throw grpc(404, 5, `workflowtemplates.argoproj.io "${name}" not found`);
    }
    return template;
  }

  private workflow(namespace: string, name: string): Workflow {
    const workflow = this.workflows.get(name);
    if (!workflow || workflow.metadata.namespace !== namespace) {
      throw grpc(404, 5, `workflows.argoproj.io "${name}" not found`);
    }
    return workflow;
  }

  /** server/workflow/workflow_server.go SubmitWorkflow: the template's arguments merged with `-p name=value`. */
  private submit(namespace: string, request: Record<string, unknown>, user: FakeUser): Workflow {
    const templateName = String(request.resourceName ?? '');
    const template = this.template(namespace, templateName);
    const options = (request.submitOptions ?? {}) as {
      parameters?: string[];
      name?: string;
      labels?: string;
      annotations?: string;
    };
    const name = options.name || `${templateName}-${(++this.counter).toString(36).padStart(5, 'x')}`;
    if (this.workflows.has(name)) throw grpc(409, 6, `workflows.argoproj.io "${name}" already exists`);
    if (user.mayRun && !user.mayRun.includes(templateName)) {
      throw grpc(
        403,
        7,
        `workflows.argoproj.io "${name}" is forbidden: ValidatingAdmissionPolicy 'opsflow-run-${templateName}' with binding 'opsflow-run-${templateName}' denied request: ${user.info.email} may not run ${templateName}`,
      );
    }
    const given = new Map(
      (options.parameters ?? []).map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]),
    );
    const parameters = (template.spec.arguments?.parameters ?? []).map((p) => ({
      name: p.name,
      value: given.get(p.name) ?? p.value ?? p.default,
    }));
    const labels: Record<string, string> = {
      [LABEL_TEMPLATE]: templateName,
      [LABEL_PHASE]: 'Running',
      [LABEL_CREATOR]: creatorLabelValue(user.info.subject ?? ''),
    };
    Object.assign(labels, parseLabels(options.labels));
    const annotations = parseLabels(options.annotations);
    const now = this.now();
    const hasApproval = template.spec.templates?.some((t) => t.name === 'approval' && t.suspend);
    const nodes: Record<string, NodeStatus> = {
      [name]: {
        id: name,
        name,
        displayName: name,
        type: 'Steps',
        phase: 'Running',
        startedAt: now,
        templateName: 'main',
      },
    };
    if (hasApproval) {
      const approval = template.spec.templates!.find((t) => t.name === 'approval')!;
      nodes[`${name}-approval`] = {
        id: `${name}-approval`,
        name: `${name}[0].approval`,
        displayName: 'approval',
        type: 'Suspend',
        phase: 'Running',
        startedAt: now,
        templateName: 'approval',
        outputs: structuredClone(approval.outputs),
      };
    }
    const workflow: Workflow = {
      metadata: {
        name,
        namespace,
        labels,
        ...(Object.keys(annotations).length ? { annotations } : {}),
        uid: `uid-${name}`,
        creationTimestamp: now,
      },
      spec: { workflowTemplateRef: { name: templateName }, arguments: { parameters } },
      status: { phase: 'Running', startedAt: now, nodes, progress: '0/1' },
    };
    this.workflows.set(name, workflow);
    this.logs.set(name, []);
    if (!hasApproval) this.schedule(name);
    return workflow;
  }

  /** Advances the `run` node one phase a tick (unless `tickMs` is 0: then tests call `advance`). */
  private schedule(name: string): void {
    if (this.tickMs === 0) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.advance(name)) this.schedule(name);
    }, this.tickMs);
    this.timers.add(timer);
  }

  /**
   * One change in the life of a submitted run's step: Pending, Running (a log line), then `outcome` (another line)
   * and the run ends. Returns whether there is more to come.
   */
  advance(name: string): boolean {
    const wf = this.workflows.get(name);
    if (!wf || isDone(wf)) return false;
    const nodes = wf.status!.nodes!;
    if (Object.values(nodes).some((n) => n.type === 'Suspend' && n.phase === 'Running')) return false;
    const id = `${name}-run`;
    const run = nodes[id];
    const now = this.now();
    let more = true;
    if (!run) {
      nodes[id] = {
        id,
        name: `${name}[1].run`,
        displayName: 'run',
        type: 'Pod',
        phase: 'Pending',
        startedAt: now,
        templateName: 'run',
      };
    } else if (run.phase === 'Pending') {
      run.phase = 'Running';
      this.logs.get(name)!.push({ podName: podName(wf, run), content: '{"level":"info","event":"start"}', time: now });
    } else {
      run.phase = this.outcome;
      run.finishedAt = now;
      if (this.outcome === 'Failed') run.message = 'Error (exit code 3)';
      run.outputs = { parameters: [{ name: 'restartedAt', value: now }] };
      this.logs.get(name)!.push({
        podName: podName(wf, run),
        content: `{"level":"info","event":"done","outcome":"${this.outcome}"}`,
        time: now,
      });
      this.finish(wf, this.outcome, run.message);
      more = false;
    }
    this.notify();
    return more;
  }

  /** Ends every open stream, as Argo Server does when a watch times out. */
  endStreams(): void {
    for (const res of this.streaming) res.end();
  }

  /** Open watch and log streams, so a test can act once a command listens. */
  get streams(): number {
    return this.listeners.size;
  }

  private finish(wf: Workflow, phase: string, message?: string): void {
    const now = this.now();
    wf.status!.phase = phase;
    wf.status!.finishedAt = now;
    if (message) wf.status!.message = message;
    wf.metadata.labels![LABEL_PHASE] = phase;
    wf.metadata.labels![LABEL_COMPLETED] = 'true';
    const root = wf.status!.nodes![wf.metadata.name!];
    if (root) Object.assign(root, { phase, finishedAt: now });
    for (const node of Object.values(wf.status!.nodes!)) {
      if (node.phase === 'Running' || node.phase === 'Pending') Object.assign(node, { phase, finishedAt: now });
    }
  }

  /** workflow/util/util.go patchShutdownStrategy and updateSuspendedNode (stop with a node selector). */
  private shutdown(
    namespace: string,
    name: string,
    strategy: 'Stop' | 'Terminate',
    body?: Record<string, unknown>,
  ): Workflow {
    const wf = this.workflow(namespace, name);
    const selector = String(body?.nodeFieldSelector ?? '');
    if (strategy === 'Stop' && selector) {
      const node = this.suspendedNode(wf, selector);
      Object.assign(node, { phase: 'Failed', message: String(body?.message ?? ''), finishedAt: this.now() });
      this.finish(wf, 'Failed', `child '${node.id}' failed`);
    } else {
      if (isDone(wf)) {
        throw grpc(500, 13, `cannot shutdown a completed workflow: workflow: "${name}", namespace: "${namespace}"`);
      }
      wf.spec.shutdown = strategy;
      this.finish(wf, 'Failed', `Stopped with strategy '${strategy}'`);
    }
    this.notify();
    return wf;
  }

  private suspendedNode(wf: Workflow, selector: string): NodeStatus {
    const [field, value] = selector.split('=');
    const node = Object.values(wf.status?.nodes ?? {}).find(
      (n) => n.type === 'Suspend' && n.phase === 'Running' && (n as Record<string, unknown>)[field!] === value,
    );
    if (!node) {
      throw grpc(
        500,
        13,
        `currently, set only targets suspend nodes: no suspend nodes matching nodeFieldSelector: ${selector}`,
      );
    }
    return node;
  }

  private resume(namespace: string, name: string, selector: string): Workflow {
    const wf = this.workflow(namespace, name);
    const node = selector
      ? this.suspendedNode(wf, selector)
      : Object.values(wf.status?.nodes ?? {}).find((n) => n.type === 'Suspend' && n.phase === 'Running');
    if (node) {
      for (const param of node.outputs?.parameters ?? []) {
        if (param.valueFrom?.supplied) {
          if (param.valueFrom.default === undefined) {
            throw grpc(
              500,
              13,
              `raw output parameter '${param.name}' has not been set and does not have a default value`,
            );
          }
          param.value = param.valueFrom.default;
          delete param.valueFrom;
        }
      }
      Object.assign(node, { phase: 'Succeeded', finishedAt: this.now() });
      this.schedule(name);
      this.notify();
    }
    return wf;
  }

  /** workflow/util/util.go updateSuspendedNode: only supplied output parameters of an active suspend node. */
  private set(namespace: string, name: string, body: Record<string, unknown>): Workflow {
    const wf = this.workflow(namespace, name);
    const selector = String(body.nodeFieldSelector ?? '');
    if (!selector)
      throw grpc(500, 13, `'set' currently only targets suspend nodes, use a node field selector to target them`);
    const node = this.suspendedNode(wf, selector);
    const values = JSON.parse(String(body.outputParameters ?? '{}')) as Record<string, string>;
    if (Object.keys(values).length > 0 && !node.outputs) {
      throw grpc(500, 13, 'cannot set output parameters because node is not expecting any raw parameters');
    }
    for (const [key, value] of Object.entries(values)) {
      const param = node.outputs?.parameters?.find((p) => p.name === key);
      if (!param) throw grpc(500, 13, `node is not expecting output parameter '${key}'`);
      if (!param.valueFrom?.supplied) {
        throw grpc(
          500,
          13,
          `cannot set output parameter '${key}' because it does not use valueFrom.raw or it was already set`,
        );
      }
      param.value = value;
      delete param.valueFrom;
    }
    if (body.message) node.message = String(body.message);
    this.notify();
    return wf;
  }

  /** workflow/util/util.go FormulateRetryWorkflow: only Failed or Error workflows. */
  private retry(namespace: string, name: string): Workflow {
    const wf = this.workflow(namespace, name);
    if (wf.status?.phase !== 'Failed' && wf.status?.phase !== 'Error') {
      throw grpc(500, 3, `Cannot retry a workflow in phase ${wf.status?.phase}`);
    }
    const nodes = wf.status.nodes ?? {};
    for (const [id, node] of Object.entries(nodes)) {
      if (node.phase === 'Failed' && node.type === 'Pod') delete nodes[id];
    }
    const root = nodes[name];
    if (root) Object.assign(root, { phase: 'Running', finishedAt: undefined });
    wf.status.phase = 'Running';
    delete wf.status.finishedAt;
    delete wf.status.message;
    wf.metadata.labels![LABEL_PHASE] = 'Running';
    delete wf.metadata.labels![LABEL_COMPLETED];
    delete wf.spec.shutdown;
    this.schedule(name);
    return wf;
  }

  /** grpc-gateway server streaming: one `{"result": ...}` line per message, flushed as it happens. */
  private async watch(op: MatchedOperation, url: URL, res: ServerResponse): Promise<void> {
    const name = /^metadata\.name=(.+)$/.exec(url.searchParams.get('listOptions.fieldSelector') ?? '')?.[1];
    const pick = (): Workflow[] =>
      [...this.workflows.values()].filter(
        (wf) => wf.metadata.namespace === op.pathParams.namespace && (!name || wf.metadata.name === name),
      );
    this.openStream(res);
    let last = new Map<string, string>();
    await this.streamUntil(res, () => {
      const next = new Map<string, string>();
      for (const wf of pick()) {
        const text = JSON.stringify(wf);
        next.set(wf.metadata.name!, text);
        if (last.get(wf.metadata.name!) !== text) {
          this.writeLine(op, res, { result: { type: last.has(wf.metadata.name!) ? 'MODIFIED' : 'ADDED', object: wf } });
        }
      }
      last = next;
      return false;
    });
  }

  private async streamLogs(op: MatchedOperation, url: URL, res: ServerResponse): Promise<void> {
    const wf = this.workflow(op.pathParams.namespace!, op.pathParams.name!);
    const follow = url.searchParams.get('logOptions.follow') === 'true';
    // With timestamps the content is the kubelet's whole line, `<RFC 3339 time> <text>` (util/logs/workflow-logger.go).
    const timestamps = url.searchParams.get('logOptions.timestamps') === 'true';
    const entries = this.logs.get(wf.metadata.name!) ?? [];
    this.openStream(res);
    let sent = 0;
    await this.streamUntil(res, () => {
      for (; sent < entries.length; sent++) {
        const { podName, content, time } = entries[sent]!;
        const entry: LogEntry = { podName, content: timestamps ? `${time} ${content}` : content };
        this.writeLine(op, res, { result: entry });
      }
      return !follow || isDone(wf);
    });
  }

  private openStream(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  }

  private writeLine(op: MatchedOperation, res: ServerResponse, line: unknown): void {
    this.expectValid(op.checkResponse(200, line));
    res.write(`${JSON.stringify(line)}\n`);
  }

  /** Runs `emit` now and after every change until it returns true or the client goes away. */
  private streamUntil(res: ServerResponse, emit: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const listener = (): void => {
        if (res.destroyed || emit()) {
          this.listeners.delete(listener);
          res.end();
          resolve();
        }
      };
      this.streaming.add(res);
      res.on('close', () => {
        this.streaming.delete(res);
        this.listeners.delete(listener);
        resolve();
      });
      this.listeners.add(listener);
      listener();
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** A clock that moves 5 s per event, so elapsed times in the output are stable. */
  private now(): string {
    this.clock += 5000;
    return new Date(this.clock).toISOString().replace(/\.\d+Z$/, 'Z');
  }
}

function grpc(status: number, code: number, message: string): GrpcError & Error {
  return Object.assign(new Error(message), { status, code });
}

function isGrpcError(error: unknown): error is GrpcError {
  return error instanceof Error && typeof (error as Partial<GrpcError>).code === 'number';
}

function isDone(wf: Workflow): boolean {
  return ['Succeeded', 'Failed', 'Error'].includes(wf.status?.phase ?? '');
}

/** k8s label selectors: `k=v`, `k!=v`, `k in (a,b)`, `k`, comma-separated (the forms opsflow sends). */
/**
 * util/cmd/cmd.go `ParseLabels` (v4.1.2), which ApplySubmitOpts applies to `labels` and `annotations`: split at `,`,
 * each pair at `=` into exactly two parts; anything else fails the submit (codes.Internal).
 */
function parseLabels(spec: string | undefined): Record<string, string> {
  if (!spec) return {};
  return Object.fromEntries(
    spec.split(',').map((pair) => {
      const parts = pair.split('=');
      if (parts.length !== 2) throw grpc(500, 13, `unexpected label spec: ${pair}`);
      if (parts[0] === '') throw grpc(500, 13, 'unexpected empty label key');
      return parts as [string, string];
    }),
  );
}

export function matchesSelector(labels: Record<string, string>, selector: string): boolean {
  const terms = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  return terms.every((raw) => {
    const term = raw.trim();
    const setMatch = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (setMatch) {
      const values = setMatch[3]!.split(',').map((v) => v.trim());
      const has = values.includes(labels[setMatch[1]!] ?? '\u0000');
      return setMatch[2] === 'in' ? has : !has;
    }
    const [key, value] = term.split(/!?=/);
    if (value === undefined) return key! in labels;
    return term.includes('!=') ? labels[key!] !== value : labels[key!] === value;
  });
}

/**
 * What Argo Server records on every resume, stop, terminate and set (workflow/creator/creator.go LabelActor via
 * workflow/util/util.go, v4.1.2): the caller's claims as actor labels, and the action (none for a set).
 */
function labelActor(wf: Workflow, user: FakeUser, action: '' | 'Resume' | 'Stop' | 'Terminate'): Workflow {
  wf.metadata.labels ??= {};
  const labels = wf.metadata.labels;
  const set = (key: string, value: string | undefined) => {
    if (value) labels[key] = creatorLabelValue(value);
    else delete labels[key];
  };
  set('workflows.argoproj.io/actor', user.info.subject);
  set('workflows.argoproj.io/actor-email', user.info.email?.replace('@', '.at.'));
  set('workflows.argoproj.io/action', action);
  return wf;
}
