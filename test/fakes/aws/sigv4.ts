import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface SigV4Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface SigV4Scope {
  readonly region: string;
  readonly service: string;
}

/** Why a request's signature is rejected, as AWS answers it (HTTP 403): error code and message. */
export interface SigV4Rejection {
  readonly code:
    | 'MissingAuthenticationToken'
    | 'IncompleteSignature'
    | 'InvalidClientTokenId'
    | 'SignatureDoesNotMatch';
  readonly message: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/**
 * Verifies an AWS Signature Version 4 `Authorization` header independently of the SDK: header shape, credential
 * scope (date, region, service), the signed headers and the signature itself, recomputed from the canonical request.
 * Returns undefined when the request is correctly signed.
 */
export function verifySigV4(
  request: { method: string; path: string; headers: IncomingHttpHeaders; body: string },
  credentials: SigV4Credentials,
  scope: SigV4Scope,
): SigV4Rejection | undefined {
  const header = request.headers.authorization;
  if (!header) return { code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' };
  const match = AUTHORIZATION.exec(header);
  if (!match) return { code: 'IncompleteSignature', message: `Authorization header is not a SigV4 header: ${header}` };
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  if (!/^\d{8}T\d{6}Z$/.test(amzDate)) {
    return { code: 'IncompleteSignature', message: `X-Amz-Date missing or malformed: ${JSON.stringify(amzDate)}` };
  }
  if (accessKeyId !== credentials.accessKeyId) {
    return { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' };
  }
  if (date !== amzDate.slice(0, 8) || region !== scope.region || service !== scope.service) {
    return {
      code: 'SignatureDoesNotMatch',
      message: `Credential should be scoped to a valid region and service: got ${date}/${region}/${service}, expected ${amzDate.slice(0, 8)}/${scope.region}/${scope.service}`,
    };
  }
  const names = (signedHeaders ?? '').split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) {
    return { code: 'IncompleteSignature', message: `SignedHeaders must include host and x-amz-date: ${signedHeaders}` };
  }
  const bodyHash = sha256(request.body);
  const declaredHash = request.headers['x-amz-content-sha256'];
  if (declaredHash !== undefined && declaredHash !== bodyHash) {
    return { code: 'SignatureDoesNotMatch', message: 'x-amz-content-sha256 does not match the request body' };
  }
  const canonicalHeaders = names
    .map(
      (name) =>
        `${name}:${String(request.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const canonicalRequest = [request.method, request.path, '', canonicalHeaders, signedHeaders, bodyHash].join('\n');
  const credentialScope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, credentialScope, sha256(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, date ?? '');
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part ?? '');
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  if (expected !== signature) {
    return {
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided.',
    };
  }
  return undefined;
}

function sha256(data: string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
