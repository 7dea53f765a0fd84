import * as real from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { Decoder, Encoder, type Packet, PacketType, protocol } from './json-parser.js';

// Every kind of packet the chat and the server exchange, in the main namespace and the visitors' one.
const PACKETS: Packet[] = [
  { type: PacketType.CONNECT, nsp: '/visitor', data: { token: 'vs_abc', lastSeq: 12 } },
  { type: PacketType.CONNECT, nsp: '/visitor', data: { sid: 'x1' } },
  { type: PacketType.CONNECT, nsp: '/' },
  { type: PacketType.DISCONNECT, nsp: '/visitor' },
  { type: PacketType.EVENT, nsp: '/visitor', data: ['message.created', { seq: 7, body: 'é "quoted" 12, {x}' }] },
  { type: PacketType.EVENT, nsp: '/visitor', data: ['message.send', { clientId: 'c-1', body: '42' }], id: 3 },
  { type: PacketType.EVENT, nsp: '/', data: ['typing', true] },
  { type: PacketType.ACK, nsp: '/visitor', data: [{ ok: true, seq: 9 }], id: 3 },
  { type: PacketType.ACK, nsp: '/visitor', data: [], id: 1234567 },
  { type: PacketType.CONNECT_ERROR, nsp: '/visitor', data: { message: 'UNAUTHENTICATED', data: { code: 'X' } } },
  { type: PacketType.CONNECT_ERROR, nsp: '/visitor', data: 'a reason' },
];

const decodeWith = (
  decoder: { add(s: string): void; on(e: 'decoded', f: (p: unknown) => void): unknown },
  s: string,
) => {
  let out: unknown;
  decoder.on('decoded', (p) => {
    out = p;
  });
  decoder.add(s);
  return out;
};

describe("the chat's JSON-only Socket.IO parser writes and reads what socket.io-parser does", () => {
  it('speaks protocol 5', () => expect(protocol).toBe(real.protocol));

  it.each(PACKETS.map((p) => [JSON.stringify(p), p] as const))('encodes %s as the real encoder does', (_, p) => {
    expect(new Encoder().encode(p)).toEqual(new real.Encoder().encode(p as real.Packet));
  });

  it.each(PACKETS.map((p) => [JSON.stringify(p), p] as const))('decodes %s as the real decoder does', (_, p) => {
    const [wire] = new real.Encoder().encode(p as real.Packet) as string[];
    expect(decodeWith(new Decoder(), wire!)).toEqual(decodeWith(new real.Decoder(), wire!));
  });

  it('refuses what the real decoder refuses: bad JSON, a reserved event name, an unknown type, binary', () => {
    for (const wire of ['2/visitor,["connect"]', '2/visitor,{oops', '9', '2["disconnect",1]', '0/visitor,"x"']) {
      expect(() => new real.Decoder().add(wire), wire).toThrow();
      expect(() => new Decoder().add(wire), wire).toThrow();
    }
    expect(() => new Decoder().add('51-/visitor,["file",{"_placeholder":true,"num":0}]')).toThrow();
    expect(() => new Decoder().add(new Uint8Array([1, 2]) as never)).toThrow();
  });
});
