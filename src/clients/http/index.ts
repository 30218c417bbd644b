export { agentFetch, type TlsSettings, tlsFetch } from './agent-fetch.js';
export {
  HttpClient,
  type HttpClientOptions,
  type HttpMethod,
  type HttpResponse,
  type QueryValue,
  type RequestOptions,
  type RetryInfo,
} from './client.js';
export { HttpError, type HttpErrorKind } from './http-error.js';
export { mapLimit } from './map-limit.js';
export {
  collect,
  collectFromBothEnds,
  eachItem,
  type PageWalker,
  pageItems,
  paginate,
  paginatePages,
  type SortDirection,
} from './paginate.js';
export { isRedactedHeader, REDACTED, redactText, redactUrl, redactUrlCredentials } from './redact.js';
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  type RetryPolicy,
  sleep,
  within,
} from './retry-policy.js';
export { toStepError } from './to-step-error.js';
