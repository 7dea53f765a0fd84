import type { TTokenPair } from '@oceras/protocol';
import { describe, expect, it, vi } from 'vitest';
import { ENDED_KEY, REFRESH_MARGIN_MS, type SessionDeps, SessionManager, STORAGE_KEY } from './session';

const MIN = 60_000;

/** Two tabs of one browser: one storage, one lock, one clock, storage events between them. */
function browser() {
  const data = new Map<string, string>();
  const tabs: { onChange: (() => void) | null }[] = [];
  let now = Date.parse('2026-01-01T00:00:00Z');
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let lockQueue = Promise.resolve();
  let ids = 0;
  let rotations = 0;
  const spent = new Set<string>();
  let revoked = false;

  const pair = (): TTokenPair => {
    rotations++;
    return {
      accessToken: `access-${rotations}`,
      accessTokenExpiresAt: new Date(now + 15 * MIN).toISOString(),
      refreshToken: `refresh-${rotations}-${'x'.repeat(20)}`,
      sessionId: '00000000-0000-4000-8000-000000000001',
    };
  };

  function tab(refreshDelay = 5) {
    const me = { onChange: null as (() => void) | null };
    tabs.push(me);
    const deps: SessionDeps = {
      storage: {
        getItem: (k) => data.get(k) ?? null,
        setItem: (k, v) => {
          data.set(k, v);
          for (const t of tabs) if (t !== me) t.onChange?.();
        },
        removeItem: (k) => {
          data.delete(k);
          for (const t of tabs) if (t !== me) t.onChange?.();
        },
      },
      refresh: vi.fn(async (token: string) => {
        await new Promise((r) => setTimeout(r, refreshDelay));
        // The server: a spent or revoked refresh token ends the whole family.
        if (revoked || spent.has(token)) {
          revoked = true;
          throw { status: 401, code: 'SESSION_REVOKED' };
        }
        spent.add(token);
        return pair();
      }),
      withLock: (fn) => {
        const run = lockQueue.then(fn);
        lockQueue = run.then(
          () => undefined,
          () => undefined,
        );
        return run;
      },
      now: () => now,
      setTimer: (fn, ms) => {
        const t = { at: now + ms, fn, id: ++ids };
        timers.push(t);
        return t.id;
      },
      clearTimer: (id) => {
        const i = timers.findIndex((t) => t.id === id);
        if (i >= 0) timers.splice(i, 1);
      },
      onExternalChange: (fn) => {
        me.onChange = fn;
        return () => {
          me.onChange = null;
        };
      },
    };
    return { manager: new SessionManager(deps), deps };
  }

  return {
    data,
    tab,
    pair,
    get rotations() {
      return rotations;
    },
    get revoked() {
      return revoked;
    },
    /** Moves the clock and fires due timers. */
    async advance(ms: number) {
      now += ms;
      for (const t of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
      await new Promise((r) => setTimeout(r, 50));
    },
  };
}

describe('token refresh', () => {
  it('refreshes a minute before the access token expires, without being asked', async () => {
    const b = browser();
    const { manager } = b.tab();
    manager.signIn(b.pair());
    const refreshed = vi.fn();
    manager.subscribe((_t, reason) => reason === 'refresh' && refreshed());
    await b.advance(15 * MIN - REFRESH_MARGIN_MS - 1_000);
    expect(manager.current?.accessToken).toBe('access-1');
    await b.advance(2_000);
    expect(manager.current?.accessToken).toBe('access-2');
    expect(refreshed).toHaveBeenCalledOnce();
    expect(JSON.parse(b.data.get(STORAGE_KEY)!).refreshToken).toMatch(/^refresh-2-/);
    // And again 14 minutes later.
    await b.advance(14 * MIN + 1_000);
    expect(manager.current?.accessToken).toBe('access-3');
  });

  it('hands out a fresh token to a call made after the token aged (sleeping laptop)', async () => {
    const b = browser();
    const { manager, deps } = b.tab();
    manager.signIn(b.pair());
    await b.advance(0);
    // No timer fired (a suspended tab), but the call asks for a token near expiry.
    (deps as { now: () => number }).now = () => Date.parse('2026-01-01T00:14:45Z');
    expect(await manager.accessToken()).toBe('access-2');
  });

  it('two tabs due at once rotate the refresh token once: the second adopts the first one’s pair', async () => {
    const b = browser();
    const one = b.tab(30);
    const two = b.tab(30);
    one.manager.signIn(b.pair());
    expect(two.manager.current?.accessToken).toBe('access-1');
    await Promise.all([one.manager.refreshNow(), two.manager.refreshNow()]);
    expect(b.rotations).toBe(2); // the sign-in pair and one refresh
    expect(b.revoked).toBe(false);
    expect(one.manager.current?.accessToken).toBe('access-2');
    expect(two.manager.current?.accessToken).toBe('access-2');
    expect(one.deps.refresh).toHaveBeenCalledTimes(1);
    expect(two.deps.refresh).toHaveBeenCalledTimes(0);
  });

  it('without coordination the same race would revoke the family (what the lock prevents)', async () => {
    const b = browser();
    const one = b.tab(30);
    one.manager.signIn(b.pair());
    const token = one.manager.current!.refreshToken;
    await one.deps.refresh(token);
    await expect(one.deps.refresh(token)).rejects.toMatchObject({ status: 401 });
    expect(b.revoked).toBe(true);
  });

  it('a refused refresh signs out and remembers why; the other tab follows', async () => {
    const b = browser();
    const one = b.tab();
    const two = b.tab();
    one.manager.signIn(b.pair());
    const reasons: string[] = [];
    two.manager.subscribe((_t, r) => reasons.push(r));
    await one.deps.refresh(one.manager.current!.refreshToken); // spent elsewhere: the next use is reuse
    expect(await one.manager.refreshNow()).toBe('ended');
    expect(one.manager.current).toBeNull();
    expect(b.data.get(ENDED_KEY)).toBe('1');
    expect(one.manager.wasEnded()).toBe(true);
    expect(two.manager.current).toBeNull();
    expect(reasons).toContain('ended');
  });

  it('a network failure keeps the session and retries soon', async () => {
    const b = browser();
    const { manager, deps } = b.tab();
    manager.signIn(b.pair());
    (deps.refresh as ReturnType<typeof vi.fn>).mockRejectedValueOnce(new TypeError('fetch failed'));
    expect(await manager.refreshNow()).toBe('failed');
    expect(manager.current?.accessToken).toBe('access-1');
    await b.advance(16_000);
    expect(manager.current?.accessToken).toBe('access-2');
  });

  it("counts the token's lifetime from its arrival: a clock 20 minutes fast neither loops nor lapses", async () => {
    const b = browser();
    const { manager, deps } = b.tab();
    const claims = btoa(JSON.stringify({ iat: 1_000, exp: 1_900 })).replace(/=+$/, '');
    const pair = { ...b.pair(), accessToken: `h.${claims}.s`, accessTokenExpiresAt: '2025-12-31T23:40:00.000Z' };
    manager.signIn(pair);
    await b.advance(60_000);
    expect(deps.refresh).not.toHaveBeenCalled();
    await b.advance(14 * MIN);
    expect(deps.refresh).toHaveBeenCalledTimes(1);
  });

  it('signing in again clears the "session ended" notice', () => {
    const b = browser();
    const { manager } = b.tab();
    b.data.set(ENDED_KEY, '1');
    manager.signIn(b.pair());
    expect(manager.wasEnded()).toBe(false);
  });
});
