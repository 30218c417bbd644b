/**
 * Socket error codes (Node's `error.code`) that a later attempt may not meet: the peer refused or dropped the
 * connection, or the name did not resolve for now. TLS verification failures are not among them.
 */
export const TRANSIENT_SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
