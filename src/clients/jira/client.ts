import { InvalidInputError, PreconditionError, type StepError } from '../../steps/runtime/errors.js';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  HttpClient,
  HttpError,
  RETRYABLE_STATUSES,
  sleep,
  toStepError,
} from '../http/index.js';
import { adfFromText, plainTextOf } from './adf.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Jira Cloud speaks REST API v3 (rich text as ADF); Server and Data Center speak v2 (plain text). */
export type JiraDeployment = 'cloud' | 'server';

export interface JiraSettings {
  readonly url: string;
  readonly deployment: JiraDeployment;
  /** The Authorization header: Basic e-mail:API token (Cloud) or Bearer personal access token (Server/DC). */
  readonly authorization: string;
}

/**
 * Where Jira is and how to sign in, from the environment (never from inputs): `JIRA_URL`; `JIRA_DEPLOYMENT`
 * (`cloud` or `server`, default `cloud` for `*.atlassian.net`, else `server`); Cloud: `JIRA_EMAIL` and the secret
 * `JIRA_API_TOKEN`; Server/DC: the secret `JIRA_PAT`. Secrets are read by `secret` (the variable or its `_FILE`).
 */
export async function resolveJiraSettings(
  env: Env,
  secret: (name: string) => Promise<string | undefined>,
): Promise<JiraSettings> {
  const url = env.JIRA_URL;
  if (!url || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new PreconditionError(`JIRA_URL: must be the http(s) URL of Jira, got ${JSON.stringify(url ?? '')}`);
  }
  const given = env.JIRA_DEPLOYMENT;
  if (given && given !== 'cloud' && given !== 'server') {
    throw new PreconditionError(`JIRA_DEPLOYMENT: must be "cloud" or "server", got ${JSON.stringify(given)}`);
  }
  const deployment: JiraDeployment =
    (given as JiraDeployment | undefined) ?? (new URL(url).hostname.endsWith('.atlassian.net') ? 'cloud' : 'server');
  if (deployment === 'cloud') {
    const email = env.JIRA_EMAIL;
    const token = await secret('JIRA_API_TOKEN');
    if (!email || !token) {
      throw new PreconditionError('Jira Cloud needs JIRA_EMAIL and JIRA_API_TOKEN (or JIRA_API_TOKEN_FILE)');
    }
    return { url, deployment, authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}` };
  }
  const pat = await secret('JIRA_PAT');
  if (!pat) throw new PreconditionError('Jira Server/Data Center needs JIRA_PAT (or JIRA_PAT_FILE)');
  return { url, deployment, authorization: `Bearer ${pat}` };
}

export interface JiraIssue {
  readonly id: string;
  readonly key: string;
  readonly fields?: { readonly summary?: string; readonly labels?: readonly string[] };
}

export interface JiraComment {
  readonly id: string;
  /** ADF (v3) or plain text (v2). */
  readonly body: unknown;
}

export interface NewIssue {
  readonly project: string;
  readonly issueType: string;
  readonly summary: string;
  readonly description: string;
  readonly labels: readonly string[];
}

/** Attempts of a create or a comment: each one searches first, so a lost answer is found, never repeated. */
const CHANGE_ATTEMPTS = 3;
const COMMENT_PAGE = 100;

/**
 * The Jira REST calls of the steps: issue search (Cloud `POST /rest/api/3/search/jql`, Server/DC
 * `POST /rest/api/2/search`), issue create, comments. Reads retry on 429/5xx/network failures (the HTTP core,
 * honouring Retry-After); a create or comment is repeated only after searching again for what it makes.
 */
export class JiraClient {
  private readonly http: HttpClient;
  readonly deployment: JiraDeployment;

  constructor(
    private readonly settings: JiraSettings,
    private readonly signal?: AbortSignal,
  ) {
    this.deployment = settings.deployment;
    this.http = new HttpClient({
      baseUrl: new URL(`rest/api/${settings.deployment === 'cloud' ? 3 : 2}/`, withSlash(settings.url)).toString(),
      headers: { authorization: settings.authorization },
      signal,
    });
  }

  /** The browser link of an issue. */
  browseUrl(key: string): string {
    return new URL(`browse/${encodeURIComponent(key)}`, withSlash(this.settings.url)).toString();
  }

  /** Issues of a project carrying a label (JQL `project = "P" AND labels = "L"`), at most 10. */
  async issuesWithLabel(project: string, label: string): Promise<JiraIssue[]> {
    const jql = `project = "${project}" AND labels = "${label}" ORDER BY created ASC`;
    const body = { jql, fields: ['summary', 'labels'], maxResults: 10 };
    const path = this.deployment === 'cloud' ? 'search/jql' : 'search';
    const res = await this.http.post<{ issues: JiraIssue[] }>(path, {
      json: body,
      idempotent: true, // a search changes nothing
      signal: this.signal,
    });
    return res.data.issues;
  }

  async createIssue(issue: NewIssue): Promise<JiraIssue> {
    const description = this.deployment === 'cloud' ? adfFromText(issue.description) : issue.description;
    const fields = {
      project: { key: issue.project },
      issuetype: { name: issue.issueType },
      summary: issue.summary,
      ...(issue.description ? { description } : {}),
      labels: issue.labels,
    };
    return (await this.http.post<JiraIssue>('issue', { json: { fields }, signal: this.signal })).data;
  }

  /** Every comment of an issue, page by page (`startAt`/`maxResults`/`total`). */
  async comments(key: string): Promise<JiraComment[]> {
    const comments: JiraComment[] = [];
    for (let startAt = 0; ; ) {
      const res = await this.http.get<{ comments: JiraComment[]; total: number }>(
        `issue/${encodeURIComponent(key)}/comment`,
        { query: { startAt, maxResults: COMMENT_PAGE }, signal: this.signal },
      );
      comments.push(...res.data.comments);
      startAt += res.data.comments.length;
      if (res.data.comments.length === 0 || startAt >= res.data.total) return comments;
    }
  }

  async addComment(key: string, text: string): Promise<JiraComment> {
    const body = this.deployment === 'cloud' ? adfFromText(text) : text;
    return (
      await this.http.post<JiraComment>(`issue/${encodeURIComponent(key)}/comment`, {
        json: { body },
        signal: this.signal,
      })
    ).data;
  }
}

/** The text of a comment, whichever API version sent it. */
export function commentText(comment: JiraComment): string {
  return plainTextOf(comment.body);
}

/**
 * A change that must not happen twice: `find` what it makes, and only when nothing is found `make` it. A failure
 * that leaves the outcome unknown (the answer lost to a reset or a timeout) or that Jira asks to repeat (429 with
 * Retry-After, 502-504) leads to another round, `find` first: a create whose answer was lost is found, not
 * repeated. Returns what was found or made, and whether this call made it (found only after an attempt of its own
 * counts as made: nothing was there before it).
 */
export async function findOrMake<T>(
  find: () => Promise<T | undefined>,
  make: () => Promise<T>,
  signal?: AbortSignal,
): Promise<{ value: T; made: boolean; rounds: number }> {
  for (let round = 1; ; round++) {
    const found = await find();
    if (found !== undefined) return { value: found, made: round > 1, rounds: round };
    try {
      return { value: await make(), made: true, rounds: round };
    } catch (error) {
      const again =
        error instanceof HttpError &&
        (error.kind === 'network' || error.kind === 'timeout' || RETRYABLE_STATUSES.has(error.status ?? 0));
      if (!again || round >= CHANGE_ATTEMPTS) throw error;
      const retryAfter = (error as HttpError).retryAfterMs;
      await sleep(backoffDelay(round, DEFAULT_RETRY_POLICY, retryAfter), signal);
    }
  }
}

/**
 * The messages of a Jira error body, `{"errorMessages": [...], "errors": {"field": "message"}}`, as one line
 * (`summary: Summary is required.; ...`); undefined for any other body.
 */
export function jiraErrorMessage(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { errorMessages?: unknown; errors?: unknown };
    const messages = Array.isArray(parsed.errorMessages) ? parsed.errorMessages.map(String) : [];
    const fields =
      typeof parsed.errors === 'object' && parsed.errors !== null
        ? Object.entries(parsed.errors).map(([field, message]) => `${field}: ${String(message)}`)
        : [];
    const all = [...messages, ...fields];
    return all.length > 0 ? all.join('; ') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The exit-code contract for Jira: 400 (a field Jira refuses: an unknown issue type, a summary too long) is exit 2
 * with Jira's field messages; 401/403/404 exit 3; 429/5xx/network failures after the retries exit 75.
 */
export function jiraStepError(error: unknown, what: string): StepError {
  if (!(error instanceof HttpError)) return toStepError(error, what);
  const message = jiraErrorMessage(error.responseExcerpt);
  const shown = message ? error.withExcerpt(message) : error;
  if (error.status === 400) return new InvalidInputError(`${what}: ${shown.message}`, { cause: error });
  return toStepError(shown, what);
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
