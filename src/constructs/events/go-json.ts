/**
 * JSON as Argo Events reads it. An EventSource embeds a payload as a `json.RawMessage`, which `json.Marshal`
 * checks with encoding/json's scanner (Go's encoding/json/scanner.go): a payload it refuses never becomes an event,
 * and the error names the first bad byte in Go's words. A payload it accepts keeps its number literals as written,
 * which gjson then reads from the raw text (every digit of `12345678901234567890`).
 */

/** A number whose JSON text a JavaScript number would change (`JSON.rawJSON`, serialised as written). */
export interface RawNumber {
  readonly rawJSON: string;
}

export type Json = null | boolean | number | RawNumber | string | Json[] | { [key: string]: Json };

/** encoding/json's `maxNestingDepth`: deeper documents are refused. */
export const MAX_NESTING_DEPTH = 10000;
/**
 * The deepest document replayed here: JavaScript's recursive JSON functions overflow the stack well before Go's
 * limit, so a payload between the two is refused by name rather than crashing mid-evaluation.
 */
export const REPLAY_MAX_DEPTH = 1000;

/** The error encoding/json's scanner reports (its `SyntaxError` text). */
export class GoJsonSyntaxError extends Error {}

declare global {
  interface JSON {
    rawJSON(text: string): RawNumber;
    isRawJSON(value: unknown): value is RawNumber;
  }
}

export function isRawNumber(value: unknown): value is RawNumber {
  return JSON.isRawJSON(value);
}

/** Parses `text` as encoding/json would accept it, keeping number literals JavaScript cannot hold exactly. */
export function parseGoJson(text: string): Json {
  const depth = checkGoJson(Buffer.from(text, 'utf8'));
  if (depth > REPLAY_MAX_DEPTH) {
    throw new Error(
      `the document is nested ${depth} levels deep; replay evaluates up to ${REPLAY_MAX_DEPTH} levels (Argo Events accepts up to ${MAX_NESTING_DEPTH})`,
    );
  }
  return JSON.parse(text, (_key, value, context?: { source?: string }) =>
    typeof value === 'number' && context?.source !== undefined && String(value) !== context.source
      ? JSON.rawJSON(context.source)
      : value,
  ) as Json;
}

type Container = 'object-key' | 'object-value' | 'array';

/**
 * encoding/json's scanner over the bytes of a document: throws its error for the first byte it refuses, else
 * returns how deep the document is nested.
 */
function checkGoJson(bytes: Uint8Array): number {
  const stack: Container[] = [];
  let deepest = 0;
  let i = 0;
  const fail = (context: string): never => {
    throw new GoJsonSyntaxError(`invalid character ${quoteChar(bytes[i]!)} ${context}`);
  };
  const eof = (): never => {
    throw new GoJsonSyntaxError('unexpected end of JSON input');
  };
  const skipSpace = () => {
    while (i < bytes.length && isSpace(bytes[i]!)) i++;
  };
  const expectLiteral = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (i >= bytes.length) eof();
      if (bytes[i] !== word.charCodeAt(k)) fail(`in literal ${word} (expecting '${word[k]}')`);
    }
    i++;
  };
  const digits = () => {
    while (i < bytes.length && isDigit(bytes[i]!)) i++;
  };
  const number = () => {
    if (bytes[i] === 0x2d) {
      i++;
      if (i >= bytes.length) eof();
      if (!isDigit(bytes[i]!)) fail('in numeric literal');
    }
    if (bytes[i] === 0x30) i++;
    else digits();
    if (bytes[i] === 0x2e) {
      i++;
      if (i >= bytes.length) eof();
      if (!isDigit(bytes[i]!)) fail('after decimal point in numeric literal');
      digits();
    }
    if (bytes[i] === 0x65 || bytes[i] === 0x45) {
      i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      if (i >= bytes.length) eof();
      if (!isDigit(bytes[i]!)) fail('in exponent of numeric literal');
      digits();
    }
  };
  const string = () => {
    for (i++; ; i++) {
      if (i >= bytes.length) eof();
      const c = bytes[i]!;
      if (c === 0x22) break;
      if (c < 0x20) fail('in string literal');
      if (c === 0x5c) {
        i++;
        if (i >= bytes.length) eof();
        if (bytes[i] === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= bytes.length) eof();
            if (!isHex(bytes[i]!)) fail('in \\u hexadecimal character escape');
          }
        } else if (!'bfnrt\\/"'.includes(String.fromCharCode(bytes[i]!))) fail('in string escape code');
      }
    }
    i++;
  };
  const open = (container: Container) => {
    stack.push(container);
    if (stack.length > MAX_NESTING_DEPTH) fail('exceeded max depth');
    deepest = Math.max(deepest, stack.length);
    i++;
  };

  // A value is expected at i; containers push their state and come back here for their elements.
  value: for (;;) {
    skipSpace();
    if (i >= bytes.length) eof();
    const c = bytes[i]!;
    if (c === 0x7b) {
      open('object-key');
      skipSpace();
      if (i >= bytes.length) eof();
      if (bytes[i] === 0x7d) {
        stack.pop();
        i++;
      } else {
        objectKey();
        continue;
      }
    } else if (c === 0x5b) {
      open('array');
      skipSpace();
      if (i >= bytes.length) eof();
      if (bytes[i] === 0x5d) {
        stack.pop();
        i++;
      } else continue;
    } else if (c === 0x22) string();
    else if (c === 0x2d || isDigit(c)) number();
    else if (c === 0x74) expectLiteral('true');
    else if (c === 0x66) expectLiteral('false');
    else if (c === 0x6e) expectLiteral('null');
    else fail('looking for beginning of value');

    // After a value: close containers until one wants another element.
    for (;;) {
      skipSpace();
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (i < bytes.length) fail('after top-level value');
        return deepest;
      }
      if (i >= bytes.length) eof();
      const next = bytes[i]!;
      if (top === 'array') {
        if (next === 0x2c) {
          i++;
          continue value;
        }
        if (next !== 0x5d) fail('after array element');
      } else {
        if (next === 0x2c) {
          i++;
          skipSpace();
          if (i >= bytes.length) eof();
          objectKey();
          continue value;
        }
        if (next !== 0x7d) fail('after object key:value pair');
      }
      stack.pop();
      i++;
    }
  }

  // An object member's key and colon, at i; leaves i at its value.
  function objectKey(): void {
    if (bytes[i] !== 0x22) fail('looking for beginning of object key string');
    string();
    skipSpace();
    if (i >= bytes.length) eof();
    if (bytes[i] !== 0x3a) fail('after object key');
    i++;
  }
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** encoding/json's `quoteChar`: the byte as a Go rune, quoted with strconv.Quote's escapes. */
function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const named: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 92: '\\' };
  if (named[c] !== undefined) return `'\\${named[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  // strconv.IsPrint is false for the C1 controls, NO-BREAK SPACE and SOFT HYPHEN.
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u00${c.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}
