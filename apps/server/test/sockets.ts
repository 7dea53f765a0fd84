import { AGENT_STREAM_EVENTS, VISITOR_STREAM_EVENTS } from '@oceras/protocol';
import { io, type Socket } from 'socket.io-client';

export type Received = { event: string; seq: number; data: any };

/**
 * A socket that records every stream event and reconnects with the last seq it saw, as real clients do.
 * `url` may be changed (`follower.url = …`) so that the next reconnect lands on another process.
 */
export function follow(baseUrl: string, ns: '/agent' | '/visitor', credentials: Record<string, string>) {
  const received: Received[] = [];
  let lastSeq: number | undefined;
  const socket: Socket = io(`${baseUrl}${ns}`, {
    transports: ['websocket'],
    reconnectionDelay: 50,
    reconnectionDelayMax: 100,
    auth: (cb) => cb({ ...credentials, ...(lastSeq !== undefined ? { lastSeq } : {}) }),
  });
  // Every numbered event of the namespace (the protocol's lists), so that gap-free checks see the whole stream.
  for (const event of ns === '/agent' ? AGENT_STREAM_EVENTS : VISITOR_STREAM_EVENTS) {
    socket.on(event, (e: { seq: number; data: unknown }) => {
      received.push({ event, seq: e.seq, data: e.data });
      lastSeq = e.seq;
    });
  }
  socket.on('session.ready', (p: { seq: number }) => {
    lastSeq = p.seq;
  });
  const ready = () =>
    new Promise<void>((resolve, reject) => {
      socket.once('session.ready', () => resolve());
      socket.once('connect_error', reject);
    });
  return { socket, received, ready, lastSeq: () => lastSeq };
}
export type Follower = ReturnType<typeof follow>;
