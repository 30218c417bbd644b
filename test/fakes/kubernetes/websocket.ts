import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The server side of RFC 6455, as much as the exec subprotocol needs: the upgrade handshake with subprotocol
 * selection, and unmasked binary/close frames from server to client. Frames from the client (stdin, close) are
 * not needed by the steps and are ignored.
 */
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Completes the handshake choosing `protocol` if the client offers it; returns false (and answers 400) if not. */
export function acceptUpgrade(req: IncomingMessage, socket: Duplex, protocol: string): boolean {
  const key = req.headers['sec-websocket-key'];
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  if (req.headers.upgrade?.toLowerCase() !== 'websocket' || !key || !offered.includes(protocol)) {
    socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    return false;
  }
  const accept = createHash('sha1').update(`${key}${GUID}`).digest('base64');
  socket.write(
    [
      'HTTP/1.1 101 Switching Protocols',
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Accept: ${accept}`,
      `Sec-WebSocket-Protocol: ${protocol}`,
      '',
      '',
    ].join('\r\n'),
  );
  socket.on('data', () => {});
  socket.on('error', () => {});
  return true;
}

export const Opcode = { Binary: 0x2, Close: 0x8 } as const;

/** One final, unmasked frame (servers never mask). */
export function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x80 | opcode, length]);
  } else if (length < 0x10000) {
    header = Buffer.alloc(4);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(126, 1);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(127, 1);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** A channel.k8s.io message: the channel number byte, then the data. */
export function channelFrame(channel: number, data: Buffer | string): Buffer {
  return encodeFrame(Opcode.Binary, Buffer.concat([Buffer.from([channel]), Buffer.from(data)]));
}

export function closeFrame(code = 1000): Buffer {
  const payload = Buffer.alloc(2);
  payload.writeUInt16BE(code, 0);
  return encodeFrame(Opcode.Close, payload);
}
