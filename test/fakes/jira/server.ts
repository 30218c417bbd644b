import { FaultPlan } from '../faults.js';
import { type RecordedRequest, type Reply, type ScriptedServer, startScriptedServer } from '../scripted-server.js';

/**
 * A fake Jira on 127.0.0.1 speaking the documented REST API of one deployment:
 * - `cloud`: v3 (`/rest/api/3`), Basic e-mail:API token, rich text as Atlassian Document Format (a plain-string
 *   description or comment is refused with 400, as Cloud does), search `GET|POST /rest/api/3/search/jql`
 *   (`{issues, isLast}`, token pagination);
 * - `server` (Server/Data Center): v2 (`/rest/api/2`), Bearer personal access token, plain text, search
 *   `POST|GET /rest/api/2/search` (`{startAt, maxResults, total, issues}`).
 * Both: `POST .../issue` (201 `{id, key, self}`; 400 with `{"errorMessages": [], "errors": {"summary": ...}}` for a
 * missing summary, an unknown project or issue type, a label with a space), `GET|POST .../issue/{key}/comment`
 * (startAt/maxResults/total), 401/403/404 error bodies, and faults from a FaultPlan (429 with Retry-After...).
 * `loseAnswers` carries out the next matching requests, then resets the connection: the answer is lost.
 * JQL: only what the steps send, `project = "P" AND labels = "L"` (optionally `ORDER BY created ASC`).
 */
export interface FakeJiraIssue {
  readonly id: string;
  readonly key: string;
  readonly project: string;
  readonly issueType: string;
  readonly summary: string;
  readonly description: unknown;
  readonly labels: readonly string[];
  readonly comments: { id: string; body: unknown }[];
}

export interface FakeJira extends ScriptedServer {
  readonly deployment: 'cloud' | 'server';
  readonly faults: FaultPlan;
  readonly issues: FakeJiraIssue[];
  /** Requests matching this are carried out, then their connection is reset (`times` of them). */
  loseAnswers(match: (request: RecordedRequest) => boolean, times?: number): void;
  /** The environment a step needs to reach this Jira. */
  readonly env: Record<string, string>;
  /** Requests that change something (POSTs other than searches). */
  writes(): RecordedRequest[];
}

const EMAIL = 'ops@example.com';
const API_TOKEN = 'ATATT-fake-cloud-token-0123456789';
const PAT = 'NjM5fake-server-pat-0123456789';
const PROJECTS: Record<string, readonly string[]> = { OPS: ['Task', 'Bug', 'Incident'], INFRA: ['Task'] };

const jiraError = (status: number, errorMessages: string[], errors: Record<string, string> = {}): Reply => ({
  status,
  body: { errorMessages, errors },
});

export async function startFakeJira(deployment: 'cloud' | 'server'): Promise<FakeJira> {
  const version = deployment === 'cloud' ? 3 : 2;
  const base = `/rest/api/${version}`;
  const faults = new FaultPlan();
  const issues: FakeJiraIssue[] = [];
  const losing: { match: (request: RecordedRequest) => boolean; left: number }[] = [];
  let nextId = 10000;
  let nextComment = 20000;
  let url = '';

  const authorized = (request: RecordedRequest): boolean => {
    const expected =
      deployment === 'cloud' ? `Basic ${Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64')}` : `Bearer ${PAT}`;
    return request.headers.authorization === expected;
  };
  const richText = (value: unknown): boolean =>
    deployment === 'cloud'
      ? typeof value === 'object' && value !== null && (value as { type?: string }).type === 'doc'
      : typeof value === 'string';
  const notRichText =
    deployment === 'cloud'
      ? 'Operation value must be an Atlassian Document (see the Atlassian Document Format)'
      : 'Operation value must be a string';

  const search = (jql: string, maxResults: number): Reply => {
    const match = /^project = "([A-Z0-9_]+)" AND labels = "([^"]+)"(?: ORDER BY created ASC)?$/.exec(jql);
    if (!match) return jiraError(400, [`Error in the JQL Query: the fake understands no ${JSON.stringify(jql)}`]);
    const [, project, label] = match as unknown as [string, string, string];
    if (!PROJECTS[project]) {
      return jiraError(400, [`The value '${project}' does not exist for the field 'project'.`]);
    }
    const found = issues
      .filter((issue) => issue.project === project && issue.labels.includes(label))
      .slice(0, maxResults)
      .map((issue) => ({
        id: issue.id,
        key: issue.key,
        self: `${url}${base}/issue/${issue.id}`,
        fields: { summary: issue.summary, labels: issue.labels },
      }));
    return deployment === 'cloud'
      ? { status: 200, body: { issues: found, isLast: true } }
      : { status: 200, body: { startAt: 0, maxResults, total: found.length, issues: found } };
  };

  const create = (body: { fields?: Record<string, unknown> }): Reply => {
    const fields = body.fields ?? {};
    const errors: Record<string, string> = {};
    const project = (fields.project as { key?: string } | undefined)?.key ?? '';
    const type = (fields.issuetype as { name?: string } | undefined)?.name ?? '';
    const summary = fields.summary;
    if (!PROJECTS[project]) errors.project = 'valid project is required';
    else if (!PROJECTS[project]?.includes(type)) errors.issuetype = 'Specify a valid issue type';
    if (typeof summary !== 'string' || summary.trim() === '')
      errors.summary = 'You must specify a summary of the issue.';
    else if (summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    if (fields.description !== undefined && !richText(fields.description)) errors.description = notRichText;
    const labels = (fields.labels as string[] | undefined) ?? [];
    if (labels.some((label) => /\s/.test(label))) errors.labels = 'The label must not contain spaces.';
    if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
    const id = String(nextId++);
    const key = `${project}-${issues.filter((issue) => issue.project === project).length + 1}`;
    issues.push({
      id,
      key,
      project,
      issueType: type,
      summary: summary as string,
      description: fields.description,
      labels,
      comments: [],
    });
    return { status: 201, body: { id, key, self: `${url}${base}/issue/${id}` } };
  };

  const route = (request: RecordedRequest): Reply => {
    const parsed = new URL(request.url, 'http://jira');
    const path = parsed.pathname;
    const json = (): Record<string, unknown> =>
      request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    const searchPath = deployment === 'cloud' ? `${base}/search/jql` : `${base}/search`;
    if (path === searchPath) {
      const query = request.method === 'POST' ? json() : Object.fromEntries(parsed.searchParams);
      return search(String(query.jql ?? ''), Number(query.maxResults ?? 50));
    }
    if (path === `${base}/issue` && request.method === 'POST') return create(json());
    const comment = new RegExp(`^${base}/issue/([^/]+)/comment$`).exec(path);
    if (comment) {
      const issue = issues.find((i) => i.key === decodeURIComponent(comment[1]!) || i.id === comment[1]);
      if (!issue) return jiraError(404, ['Issue does not exist or you do not have permission to see it.']);
      if (request.method === 'POST') {
        const body = json().body;
        if (!richText(body)) return jiraError(400, [], { comment: notRichText });
        const created = { id: String(nextComment++), body };
        issue.comments.push(created);
        return { status: 201, body: { ...created, self: `${url}${base}/issue/${issue.id}/comment/${created.id}` } };
      }
      const startAt = Number(parsed.searchParams.get('startAt') ?? 0);
      const maxResults = Number(parsed.searchParams.get('maxResults') ?? 50);
      return {
        status: 200,
        body: {
          startAt,
          maxResults,
          total: issue.comments.length,
          comments: issue.comments.slice(startAt, startAt + maxResults),
        },
      };
    }
    return jiraError(404, [`No resource for ${request.method} ${path}`]);
  };

  const server = await startScriptedServer(async (request) => {
    const fault = await faults.before(request);
    if (fault) return fault;
    if (!authorized(request)) {
      return jiraError(401, ['You are not authenticated. Authentication required to perform this operation.']);
    }
    const reply = route(request);
    const lose = losing.find((entry) => entry.left > 0 && entry.match(request));
    if (lose) {
      lose.left--;
      return { reset: true };
    }
    return reply;
  });
  url = server.url;
  const searchPath = deployment === 'cloud' ? `${base}/search/jql` : `${base}/search`;
  return {
    ...server,
    close: () => server.close(),
    deployment,
    faults,
    issues,
    loseAnswers: (match, times = 1) => losing.push({ match, left: times }),
    env:
      deployment === 'cloud'
        ? { JIRA_URL: server.url, JIRA_DEPLOYMENT: 'cloud', JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: API_TOKEN }
        : { JIRA_URL: server.url, JIRA_DEPLOYMENT: 'server', JIRA_PAT: PAT },
    writes: () => server.requests.filter((r) => r.method === 'POST' && !r.url.startsWith(searchPath)),
  };
}
