import { Emitter } from '@socket.io/component-emitter';

/**
 * Socket.IO's packet format (protocol 5, as socket.io-parser writes it) for JSON only: the chat frame neither sends
 * nor receives binary, so the frame's build puts this in place of socket.io-parser (vite.frame.config.ts), ~2 KB
 * gzip less in the chat. json-parser.test.ts holds it to the real parser packet for packet. A binary packet from
 * the server (it sends none to visitors) fails to decode, and socket.io-client closes and reconnects, as it does on
 * any parse error.
 */
export const protocol = 5;

export enum PacketType {
  CONNECT = 0,
  DISCONNECT = 1,
  EVENT = 2,
  ACK = 3,
  CONNECT_ERROR = 4,
  BINARY_EVENT = 5,
  BINARY_ACK = 6,
}

export interface Packet {
  type: PacketType;
  nsp: string;
  data?: unknown;
  id?: number;
}

export class Encoder {
  encode(packet: Packet): string[] {
    let out = `${packet.type}`;
    if (packet.nsp && packet.nsp !== '/') out += `${packet.nsp},`;
    if (packet.id != null) out += packet.id;
    if (packet.data != null) out += JSON.stringify(packet.data);
    return [out];
  }
}

// Names socket.io-client keeps for itself: an event by one of these names is not the server's.
const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];
const isObject = (v: unknown) => Object.prototype.toString.call(v) === '[object Object]';

function isValid(type: PacketType, data: unknown): boolean {
  switch (type) {
    case PacketType.CONNECT:
      return isObject(data);
    case PacketType.DISCONNECT:
      return data === undefined;
    case PacketType.CONNECT_ERROR:
      return typeof data === 'string' || isObject(data);
    case PacketType.EVENT:
      return (
        Array.isArray(data) &&
        (typeof data[0] === 'number' || (typeof data[0] === 'string' && !RESERVED.includes(data[0])))
      );
    case PacketType.ACK:
      return Array.isArray(data);
    default:
      return false; // binary events and acks: never sent to the chat
  }
}

export class Decoder extends Emitter<Record<string, never>, Record<string, never>, { decoded: (p: Packet) => void }> {
  add(chunk: unknown) {
    if (typeof chunk !== 'string') throw new Error('binary data: not expected by the chat');
    // Type, then "/namespace," unless the main one, then the ack id, then the JSON (never starting with a digit).
    const m = /^(\d)(\/[^,]*,)?(\d+)?([\s\S]*)$/.exec(chunk);
    if (!m) throw new Error('not a Socket.IO packet');
    const type = Number(m[1]) as PacketType;
    const packet: Packet = { type, nsp: m[2] ? m[2].slice(0, -1) : '/' };
    if (m[3] !== undefined) packet.id = Number(m[3]);
    if (!(type in PacketType)) throw new Error('unknown packet type');
    if (m[4]) {
      let data: unknown;
      try {
        data = JSON.parse(m[4]);
      } catch {
        data = false;
      }
      if (!isValid(type, data)) throw new Error('invalid payload');
      packet.data = data;
    }
    this.emitReserved('decoded', packet);
  }

  destroy() {}
}
