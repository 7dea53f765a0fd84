import { fakeSocket } from '@oceras/protocol/realtime/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Realtime } from './realtime';
import { fakeSession } from './realtime.test-helpers';
import type { RefreshOutcome } from './session';

/** The dashboard's /agent socket over the shared client, a fake socket and a session manager stand-in. */
function open(refresh: () => RefreshOutcome = () => 'refreshed') {
  const server = fakeSocket();
  const session = fakeSession('ada', refresh);
  const onResync = vi.fn();
  const realtime = new Realtime({ session, onResync, openSocket: () => server.socket });
  realtime.open();
  return { server, session, realtime, onResync };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the dashboard on a refused handshake', () => {
  it('R11: UNAUTHENTICATED refreshes the token and reconnects; the agent stays signed in', async () => {
    const { server, session, realtime } = open();
    server.refuse('UNAUTHENTICATED');
    await vi.advanceTimersByTimeAsync(0);
    expect(session.refreshNow).toHaveBeenCalledTimes(1);
    expect(server.socket.connects).toBe(2);
    server.accept(0);
    expect(session.signOut).not.toHaveBeenCalled();
    expect(realtime.connection.get().state).toBe('online');
  });

  it('R11: a token refused again right after the refresh ends the session, with the "ended" message', async () => {
    const { server, session } = open();
    server.refuse('UNAUTHENTICATED');
    await vi.advanceTimersByTimeAsync(0);
    server.refuse('UNAUTHENTICATED');
    await vi.advanceTimersByTimeAsync(0);
    expect(session.signOut).toHaveBeenCalledWith('ended');
  });

  it('R11: a refresh that finds the session over has signed out already: no second sign-out', async () => {
    const { server, session } = open(() => 'ended');
    session.refreshNow.mockImplementation(async () => {
      session.signOut('ended');
      return 'ended';
    });
    server.refuse('TOKEN_EXPIRED');
    await vi.advanceTimersByTimeAsync(0);
    expect(session.signOut).toHaveBeenCalledTimes(1);
  });

  it('R11: SESSION_REVOKED signs out at once', async () => {
    const { server, session } = open();
    server.refuse('SESSION_REVOKED');
    await vi.advanceTimersByTimeAsync(0);
    expect(session.refreshNow).not.toHaveBeenCalled();
    expect(session.signOut).toHaveBeenCalledWith('ended');
  });

  it('R11: PROTOCOL_MISMATCH asks for a reload and never retries', async () => {
    const { server, realtime } = open();
    server.refuse('PROTOCOL_MISMATCH');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(realtime.connection.get()).toMatchObject({ isOutdated: true });
    expect(server.socket.connects).toBe(1);
  });

  it('R12: any other refusal retries after the backoff, and "Back online" shows once caught up', async () => {
    const { server, realtime } = open();
    server.accept(0);
    server.drop();
    expect(realtime.connection.get()).toEqual({ state: 'offline', wasLost: true });
    server.refuse('INTERNAL');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(server.socket.connects).toBeGreaterThan(1);
    server.accept(0);
    expect(realtime.connection.get()).toEqual({ state: 'online', wasLost: true });
  });
});
