import type { MinimalSocket } from './socket.js';

/**
 * A stand-in socket for tests of the realtime client and of the apps over it: it records what the client registers,
 * connects and sends, and lets the test play the server (`fire`, `refuse`). Exported as
 * `@oceras/protocol/realtime/testing`; no test framework needed.
 */
interface FakeSocketHandle extends MinimalSocket {
  connected: boolean;
  /** How many times the client asked to connect. */
  connects: number;
  disconnects: number;
  emitted: { event: string; args: unknown[] }[];
}

export function fakeSocket() {
  const listeners = new Map<string, Set<(...args: any[]) => void>>();
  const fire = (event: string, ...args: unknown[]) => {
    for (const fn of [...(listeners.get(event) ?? [])]) fn(...args);
  };
  const socket: FakeSocketHandle = {
    auth: {},
    connected: false,
    connects: 0,
    disconnects: 0,
    emitted: [] as { event: string; args: unknown[] }[],
    on(event: string, fn: (...args: any[]) => void) {
      listeners.set(event, (listeners.get(event) ?? new Set()).add(fn));
      return socket;
    },
    off(event: string, fn: (...args: any[]) => void) {
      listeners.get(event)?.delete(fn);
      return socket;
    },
    emit(event: string, ...args: unknown[]) {
      socket.emitted.push({ event, args });
      return socket;
    },
    connect() {
      socket.connects++;
      return socket;
    },
    disconnect() {
      socket.disconnects++;
      const wasConnected = socket.connected;
      socket.connected = false;
      if (wasConnected) fire('disconnect', 'io client disconnect');
      return socket;
    },
  };
  return {
    socket,
    /** What the client would send in the handshake now. */
    handshake() {
      const auth = socket.auth;
      return new Promise<Record<string, unknown>>((resolve) =>
        typeof auth === 'function' ? auth((data: object) => resolve({ ...data })) : resolve({ ...auth }),
      );
    },
    /** The server accepts the handshake: `connect`, then `session.ready` at `seq`. */
    accept(seq = 0, replayed = 0) {
      socket.connected = true;
      fire('connect');
      fire('session.ready', { protocolVersion: 1, seq, replayed });
    },
    /** The server refuses the handshake with this code (or, without one, the transport failed). */
    refuse(code?: string) {
      socket.connected = false;
      fire(
        'connect_error',
        Object.assign(new Error(code ?? 'xhr poll error'), code ? { data: { code, message: code } } : {}),
      );
    },
    /** The connection drops: `transport close`, or `io server disconnect` when the server closed it. */
    drop(reason = 'transport close') {
      socket.connected = false;
      fire('disconnect', reason);
    },
    fire,
    listens: () => [...listeners.values()].some((set) => set.size > 0),
  };
}
export type FakeSocket = ReturnType<typeof fakeSocket>;
