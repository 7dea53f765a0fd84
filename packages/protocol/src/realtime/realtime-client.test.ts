import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentClientToServerEvents, AgentServerToClientEvents, TypingPayload } from '../events.js';
import { PROTOCOL_VERSION } from '../version.js';
import { fakeSocket } from './fake-socket.js';
import {
  type ConnectionState,
  createRealtimeClient,
  type RealtimeClientOptions,
  type RefreshOutcome,
} from './realtime-client.js';

const at = '2026-03-04T15:05:00.000Z';
const envelope = (seq: number) => ({ seq, at, data: { id: `m${seq}` } });

/** A client over a fake socket, with what it reported. `random: 1` makes every backoff its ceiling. */
function setup(over: Partial<RealtimeClientOptions> = {}) {
  const server = fakeSocket();
  const states: ConnectionState[] = [];
  const seen: number[] = [];
  const onResync = vi.fn();
  const onSignedOut = vi.fn();
  const onIncompatible = vi.fn();
  const client = createRealtimeClient<AgentServerToClientEvents, AgentClientToServerEvents>({
    openSocket: () => server.socket,
    credentials: async () => ({ token: 'access-1' }),
    onResync,
    onSignedOut,
    onIncompatible,
    onState: (s) => states.push(s),
    random: () => 1,
    ...over,
  });
  client.on('message.created', (e) => seen.push(e.seq));
  client.start();
  return { server, client, states, seen, onResync, onSignedOut, onIncompatible };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the stream position', () => {
  it('R4: the handshake carries the token, the protocol version and, once known, the highest seq applied', async () => {
    const { server } = setup();
    expect(await server.handshake()).toEqual({ token: 'access-1', protocolVersion: PROTOCOL_VERSION });
    server.accept(40);
    server.fire('message.created', envelope(41));
    server.fire('message.created', envelope(42));
    server.drop();
    expect(await server.handshake()).toEqual({ token: 'access-1', protocolVersion: PROTOCOL_VERSION, lastSeq: 42 });
  });

  it('R4: an envelope at or below the position is dropped (a replay overlapping live delivery)', () => {
    const { server, seen } = setup();
    server.accept(10);
    for (const seq of [11, 12, 11, 10, 13, 12]) server.fire('message.created', envelope(seq));
    expect(seen).toEqual([11, 12, 13]);
  });

  it('R4: a gap triggers nothing on the client: the server replays it, and the next envelope is applied', () => {
    const { server, seen, onResync } = setup();
    server.accept(10);
    onResync.mockClear();
    server.fire('message.created', envelope(13));
    expect(seen).toEqual([13]);
    expect(onResync).not.toHaveBeenCalled();
    expect(server.socket.connects).toBe(1);
  });

  it('R4: session.ready moves the position forward, never back', async () => {
    const { server } = setup();
    server.accept(5);
    server.fire('message.created', envelope(9));
    server.drop();
    server.accept(7);
    expect((await server.handshake()).lastSeq).toBe(9);
  });

  it('R4: the first connection, without a position, loads the state over REST once caught up; a reconnect does not', () => {
    const { server, onResync } = setup();
    expect(onResync).not.toHaveBeenCalled();
    server.accept(3);
    expect(onResync).toHaveBeenCalledTimes(1);
    server.drop();
    vi.runOnlyPendingTimers();
    server.accept(3);
    expect(onResync).toHaveBeenCalledTimes(1);
  });

  it('R4: an event the app does nothing with still moves the position sent on reconnect', async () => {
    const { server } = setup();
    server.accept(5);
    server.fire('organization.updated', { seq: 6, at, data: { id: 'o1' } });
    server.drop();
    expect((await server.handshake()).lastSeq).toBe(6);
  });

  it('R4: signals and control messages are not numbered: they pass whatever the position', () => {
    const { server, client } = setup();
    const reads: number[] = [];
    client.on('conversation.read', (p) => reads.push(p.seq));
    server.accept(50);
    server.fire('conversation.read', { conversationId: 'c1', seq: 2 });
    expect(reads).toEqual([2]);
  });

  it('R4: stop() forgets the position, so the next start is a new session', async () => {
    const { server, client } = setup();
    server.accept(30);
    client.stop();
    expect(server.listens()).toBe(false);
    client.start();
    expect(await server.handshake()).not.toHaveProperty('lastSeq');
  });
});

describe('sync.required', () => {
  it('R5: at connect, the refetch waits for session.ready, and the stream is followed from the given seq', async () => {
    const { server, seen, onResync } = setup();
    server.accept(10);
    onResync.mockClear();
    server.drop();
    server.fire('sync.required', { seq: 2_000, reason: 'too_many' });
    expect(onResync).not.toHaveBeenCalled();
    server.accept(2_000);
    expect(onResync).toHaveBeenCalledTimes(1);
    server.fire('message.created', envelope(2_001));
    expect(seen).toEqual([2_001]);
  });

  it('R5: while live (a gap fill failed, no session.ready follows), it refetches at once', () => {
    const { server, onResync } = setup();
    server.accept(10);
    onResync.mockClear();
    server.fire('sync.required', { seq: 30, reason: 'too_old' });
    expect(onResync).toHaveBeenCalledTimes(1);
  });

  it('R5: a head below the position (a server whose stream went back) becomes the position', () => {
    const { server, seen } = setup();
    server.accept(500);
    server.fire('sync.required', { seq: 3, reason: 'too_old' });
    server.fire('message.created', envelope(4));
    expect(seen).toEqual([4]);
  });
});

describe('handshake refusals', () => {
  it('R11: UNAUTHENTICATED refreshes the token, then reconnects at once', async () => {
    const refreshToken = vi.fn(async (): Promise<RefreshOutcome> => 'refreshed');
    const { server, onSignedOut } = setup({ refreshToken });
    server.refuse('UNAUTHENTICATED');
    await vi.advanceTimersByTimeAsync(0);
    expect(refreshToken).toHaveBeenCalledTimes(1);
    expect(server.socket.connects).toBe(2);
    server.accept(0);
    expect(onSignedOut).not.toHaveBeenCalled();
  });

  it('R11: TOKEN_EXPIRED refreshes too; a refresh that says the session ended signs out', async () => {
    const refreshToken = vi.fn(async (): Promise<RefreshOutcome> => 'ended');
    const { server, states, onSignedOut } = setup({ refreshToken });
    server.refuse('TOKEN_EXPIRED');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onSignedOut).toHaveBeenCalledTimes(1);
    expect(states.at(-1)).toBe('signed-out');
    expect(server.socket.connects).toBe(1);
  });

  it('R11: a refresh that failed on the network is tried again after the backoff', async () => {
    const refreshToken = vi.fn(async (): Promise<RefreshOutcome> => 'failed');
    const { server } = setup({ refreshToken, backoff: { baseMs: 1_000, capMs: 8_000 } });
    server.refuse('UNAUTHENTICATED');
    await vi.advanceTimersByTimeAsync(999);
    expect(server.socket.connects).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.socket.connects).toBe(2);
  });

  it('R11: a token refused again right after a refresh signs out, instead of refreshing forever', async () => {
    const refreshToken = vi.fn(async (): Promise<RefreshOutcome> => 'refreshed');
    const { server, onSignedOut } = setup({ refreshToken });
    server.refuse('UNAUTHENTICATED');
    await vi.advanceTimersByTimeAsync(0);
    server.refuse('UNAUTHENTICATED');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(refreshToken).toHaveBeenCalledTimes(1);
    expect(onSignedOut).toHaveBeenCalledTimes(1);
  });

  it('R11: without a way to refresh (a visitor), a refused token ends the session', async () => {
    const { server, onSignedOut } = setup();
    server.refuse('UNAUTHENTICATED');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onSignedOut).toHaveBeenCalledTimes(1);
    expect(server.socket.connects).toBe(1);
  });

  it('R11: SESSION_REVOKED signs out without a refresh or a retry', async () => {
    const refreshToken = vi.fn(async (): Promise<RefreshOutcome> => 'refreshed');
    const { server, onSignedOut } = setup({ refreshToken });
    server.refuse('SESSION_REVOKED');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(refreshToken).not.toHaveBeenCalled();
    expect(onSignedOut).toHaveBeenCalledTimes(1);
    expect(server.socket.connects).toBe(1);
  });

  it('R11: PROTOCOL_MISMATCH stops for good and says the app is incompatible', async () => {
    const { server, client, states, onIncompatible } = setup();
    server.refuse('PROTOCOL_MISMATCH');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(onIncompatible).toHaveBeenCalledTimes(1);
    expect(states.at(-1)).toBe('incompatible');
    expect(server.socket.connects).toBe(1);
    // Not even the app coming back to the foreground retries.
    client.reconnectNow();
    expect(server.socket.connects).toBe(1);
  });

  it('R11: VALIDATION_FAILED (a lastSeq the server refused) reconnects without a position, then refetches', async () => {
    const { server, onResync } = setup();
    server.accept(10);
    onResync.mockClear();
    server.drop();
    server.refuse('VALIDATION_FAILED');
    await vi.runOnlyPendingTimersAsync();
    expect(await server.handshake()).not.toHaveProperty('lastSeq');
    server.accept(12);
    expect(onResync).toHaveBeenCalledTimes(1);
  });

  it('R6: the server closing the socket (revoked or expired) is decided by a refresh', async () => {
    const refreshToken = vi.fn(async (): Promise<RefreshOutcome> => 'refreshed');
    const { server, states } = setup({ refreshToken });
    server.accept(1);
    server.drop('io server disconnect');
    expect(states.at(-1)).toBe('offline');
    await vi.advanceTimersByTimeAsync(0);
    expect(refreshToken).toHaveBeenCalledTimes(1);
    expect(server.socket.connects).toBe(2);
  });
});

describe('reconnecting', () => {
  it('R12: retries after a delay that doubles up to the cap, with jitter between half and all of it', async () => {
    const draws = [1, 0, 0.5, 1, 1, 1];
    const { server } = setup({ random: () => draws.shift() ?? 1, backoff: { baseMs: 1_000, capMs: 8_000 } });
    const waits: number[] = [];
    let last = Date.now();
    for (let i = 0; i < 6; i++) {
      server.refuse();
      const before = server.socket.connects;
      while (server.socket.connects === before) await vi.advanceTimersByTimeAsync(1);
      waits.push(Date.now() - last);
      last = Date.now();
    }
    expect(waits).toEqual([1_000, 1_000, 3_000, 8_000, 8_000, 8_000]);
  });

  it('R12: the delays start again from the base once connected', async () => {
    const { server } = setup({ backoff: { baseMs: 1_000, capMs: 8_000 } });
    for (let i = 0; i < 4; i++) {
      server.refuse();
      await vi.runOnlyPendingTimersAsync();
    }
    server.accept(0);
    server.drop();
    const before = server.socket.connects;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.socket.connects).toBe(before + 1);
  });

  it('R12: reconnectNow() skips the wait (the app is back in the foreground)', () => {
    const { server, client } = setup({ backoff: { baseMs: 60_000, capMs: 60_000 } });
    server.accept(0);
    server.drop();
    client.reconnectNow();
    expect(server.socket.connects).toBe(2);
    vi.advanceTimersByTime(60_000);
    expect(server.socket.connects).toBe(2);
  });

  it('R12: nothing reconnects after stop()', async () => {
    const { server, client } = setup();
    server.refuse();
    client.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.socket.connects).toBe(1);
  });

  it('reports online, offline, then online again', async () => {
    const { server, states } = setup();
    server.accept(0);
    server.drop();
    await vi.runOnlyPendingTimersAsync();
    server.accept(0);
    expect(states).toEqual(['online', 'offline', 'online']);
  });
});

describe('typing', () => {
  const typing = (isTyping: boolean, id = 'a1'): TypingPayload => ({
    conversationId: 'c1',
    actor: { type: 'agent', id, name: 'Ada' },
    isTyping,
    isNote: false,
  });

  it('R14: a typist is forgotten after the expiry without a new signal; a new signal restarts it', () => {
    const seen: string[][] = [];
    const { server } = setup({
      typingExpiryMs: 8_000,
      onTyping: (t) => seen.push(Object.keys(t.c1 ?? {})),
    });
    server.accept(0);
    server.fire('typing.updated', typing(true));
    vi.advanceTimersByTime(5_000);
    server.fire('typing.updated', typing(true));
    vi.advanceTimersByTime(7_999);
    expect(seen.at(-1)).toEqual(['a1']);
    vi.advanceTimersByTime(1);
    expect(seen.at(-1)).toEqual([]);
  });

  it('R14: "stopped" forgets at once, and a dropped connection forgets everyone (signals are not replayed, R9)', () => {
    const { server, client } = setup({ onTyping: () => {} });
    server.accept(0);
    server.fire('typing.updated', typing(true, 'a1'));
    server.fire('typing.updated', typing(true, 'a2'));
    server.fire('typing.updated', typing(false, 'a1'));
    expect(Object.keys(client.typing.state.c1 ?? {})).toEqual(['a2']);
    server.drop();
    expect(client.typing.state).toEqual({});
  });

  it('R14: signals the app leaves out (its own) never show', () => {
    const { server, client } = setup({ onTyping: () => {}, ignoreTyping: (p) => p.actor.id === 'me' });
    server.accept(0);
    server.fire('typing.updated', typing(true, 'me'));
    expect(client.typing.state).toEqual({});
  });
});
