import { InvalidInputError } from '../../steps/runtime/errors.js';

type Env = Readonly<Record<string, string | undefined>>;

/** How an AWS client is built; resolved once from the step input and the environment. */
export interface AwsClientSettings {
  readonly region: string;
  /** Endpoint override (tests, VPC endpoints); undefined means the SDK's regional endpoint. */
  readonly endpoint?: string;
  /** Attempts per API call, including the first, for the SDK's retry strategy. */
  readonly maxAttempts: number;
  readonly retryMode: 'standard' | 'adaptive';
}

/** What every SDK client of a step gets: the resolved settings and bounded socket timeouts. */
export function sdkClientConfig(settings: AwsClientSettings, requestTimeoutMs = 30_000) {
  return {
    region: settings.region,
    endpoint: settings.endpoint,
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode,
    requestHandler: {
      requestTimeout: requestTimeoutMs,
      // Without it the SDK only logs a warning when the timeout passes and keeps waiting.
      throwOnRequestTimeout: true,
      connectionTimeout: 10_000,
    },
  };
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** Bounded so a throttled call gives up within about a minute and the template's retryStrategy takes over. */
const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_ATTEMPTS_LIMIT = 10;

/**
 * Resolves region, endpoint and retry settings the way the AWS SDKs document them: region from the step input
 * (`--region`) or `AWS_REGION`/`AWS_DEFAULT_REGION`; endpoint from `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL`;
 * `AWS_MAX_ATTEMPTS` and `AWS_RETRY_MODE`. A bad value is an input error naming the variable and the value.
 * Credentials are left to the SDK's default chain (environment, web identity/IRSA, container and instance roles).
 */
export function resolveAwsSettings(service: string, env: Env, region?: string): AwsClientSettings {
  const resolvedRegion = region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!resolvedRegion) {
    throw new InvalidInputError('region: not set; pass --region or set AWS_REGION');
  }
  if (!REGION.test(resolvedRegion)) {
    throw new InvalidInputError(
      `region: must be an AWS region such as "eu-west-1", got ${JSON.stringify(resolvedRegion)}`,
    );
  }
  return {
    region: resolvedRegion,
    endpoint: endpointFrom(service, env),
    maxAttempts: maxAttemptsFrom(env),
    retryMode: retryModeFrom(env),
  };
}

function endpointFrom(service: string, env: Env): string | undefined {
  const serviceVariable = `AWS_ENDPOINT_URL_${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  for (const variable of [serviceVariable, 'AWS_ENDPOINT_URL']) {
    const value = env[variable];
    if (!value) continue;
    if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
      throw new InvalidInputError(`${variable}: must be an http(s) URL, got ${JSON.stringify(value)}`);
    }
    return value;
  }
  return undefined;
}

function maxAttemptsFrom(env: Env): number {
  const value = env.AWS_MAX_ATTEMPTS;
  if (!value) return DEFAULT_MAX_ATTEMPTS;
  const attempts = Number(value);
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_ATTEMPTS_LIMIT) {
    throw new InvalidInputError(
      `AWS_MAX_ATTEMPTS: must be an integer from 1 to ${MAX_ATTEMPTS_LIMIT}, got ${JSON.stringify(value)}`,
    );
  }
  return attempts;
}

function retryModeFrom(env: Env): 'standard' | 'adaptive' {
  const value = env.AWS_RETRY_MODE;
  if (!value) return 'standard';
  if (value === 'standard' || value === 'adaptive') return value;
  throw new InvalidInputError(`AWS_RETRY_MODE: must be "standard" or "adaptive", got ${JSON.stringify(value)}`);
}
