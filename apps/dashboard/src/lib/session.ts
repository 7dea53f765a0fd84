import type { TTokenPair } from '@oceras/protocol';

/** What is kept in localStorage (the privacy policy says so): the token pair of this browser's session. */
export interface StoredTokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  sessionId: string;
  /**
   * Expiry on this machine's clock (epoch ms): the token's lifetime (exp - iat, both server time) counted from when
   * it arrived. A clock that is off by minutes neither refreshes in a loop nor lets the token lapse.
   */
  localExpiresAt: number;
}

export const STORAGE_KEY = 'oceras.tokens';
export const ENDED_KEY = 'oceras.sessionEnded';
/** Refresh this long before the access token expires (15-minute tokens: at about 14 minutes). */
export const REFRESH_MARGIN_MS = 60_000;
/** Never refresh more often than this, whatever the clocks say. */
const MIN_REFRESH_GAP_MS = 10_000;
const LOCK_NAME = 'oceras-token-refresh';

export type RefreshOutcome = 'refreshed' | 'adopted' | 'ended' | 'failed';

export interface SessionDeps {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Calls POST /auth/refresh. Throws `{ status }` for an HTTP refusal, anything else for a network failure. */
  refresh: (refreshToken: string) => Promise<TTokenPair>;
  /** Runs `fn` while holding an exclusive lock shared by every tab of this origin (Web Locks API). */
  withLock: <T>(fn: () => Promise<T>) => Promise<T>;
  now: () => number;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** Subscribes to token changes written by another tab (the storage event). */
  onExternalChange?: (fn: () => void) => () => void;
  /**
   * How long to keep the lock after writing a new pair. Browsers sync localStorage between tab processes
   * asynchronously; holding on briefly lets the write reach a tab queued on the lock before it re-reads.
   */
  handoffMs?: number;
}

type Listener = (tokens: StoredTokens | null, reason: 'signin' | 'refresh' | 'ended' | 'signout') => void;

/**
 * The one owner of the token pair. It refreshes the access token a minute before it expires, and before any call
 * that would carry an expiring one. Tabs never race the rotation of a refresh token (the server revokes the whole
 * family when an old one is reused after 10 s): the refresh runs under a cross-tab lock, and inside it the tab
 * re-reads storage first; if another tab already rotated, it adopts that pair instead of spending the old token.
 */
export class SessionManager {
  private tokens: StoredTokens | null;
  private timer: unknown = null;
  private inFlight: Promise<RefreshOutcome> | null = null;
  private listeners = new Set<Listener>();
  private unsubscribeExternal: (() => void) | undefined;

  constructor(private deps: SessionDeps) {
    this.tokens = this.read();
    this.unsubscribeExternal = deps.onExternalChange?.(() => this.handleExternalChange());
    this.schedule();
  }

  get current() {
    return this.tokens;
  }

  subscribe(fn: Listener) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  dispose() {
    this.unsubscribeExternal?.();
    if (this.timer !== null) this.deps.clearTimer(this.timer);
  }

  /** After sign-in, sign-up or accepting an invitation. */
  signIn(pair: TTokenPair) {
    this.deps.storage.removeItem(ENDED_KEY);
    this.write(this.pick(pair));
    this.emit('signin');
  }

  /** Forget the tokens here (the server call to end the session is the caller's). */
  signOut(reason: 'signout' | 'ended' = 'signout') {
    // The reason first: other tabs read it when they see the tokens go.
    if (reason === 'ended') this.deps.storage.setItem(ENDED_KEY, '1');
    this.deps.storage.removeItem(STORAGE_KEY);
    this.tokens = null;
    this.schedule();
    this.emit(reason);
  }

  /** Whether the sign-in page should say the session was ended elsewhere or expired. */
  wasEnded() {
    return this.deps.storage.getItem(ENDED_KEY) === '1';
  }

  /** A valid access token, refreshed first if it is about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    if (!this.tokens) return null;
    if (this.expiresIn() > REFRESH_MARGIN_MS / 2) return this.tokens.accessToken;
    await this.refreshNow();
    return this.tokens?.accessToken ?? null;
  }

  /** Refreshes once, whoever asks: concurrent callers in this tab share one attempt. */
  refreshNow(): Promise<RefreshOutcome> {
    this.inFlight ??= this.runRefresh().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async runRefresh(): Promise<RefreshOutcome> {
    const seen = this.tokens?.refreshToken;
    if (!seen) return 'ended';
    const outcome = await this.deps.withLock(async (): Promise<RefreshOutcome> => {
      const stored = this.read();
      if (!stored) return 'ended';
      // Another tab rotated while we waited for the lock: use its pair, never spend the old refresh token.
      if (stored.refreshToken !== seen) {
        this.tokens = stored;
        return 'adopted';
      }
      try {
        const pair = await this.deps.refresh(stored.refreshToken);
        this.write(this.pick(pair));
        if (this.deps.handoffMs) await new Promise((r) => setTimeout(r, this.deps.handoffMs));
        return 'refreshed';
      } catch (err) {
        const status = (err as { status?: number }).status;
        return status === 401 || status === 403 ? 'ended' : 'failed';
      }
    });
    if (outcome === 'ended') this.signOut('ended');
    else if (outcome === 'failed') {
      // Network trouble: try again soon; the token may still be valid for a while.
      this.schedule(Math.min(15_000, Math.max(1_000, this.expiresIn() / 2)));
    } else {
      this.schedule();
      this.emit('refresh');
    }
    return outcome;
  }

  private handleExternalChange() {
    const stored = this.read();
    if (!stored) {
      if (this.tokens) {
        this.tokens = null;
        this.schedule();
        this.emit(this.wasEnded() ? 'ended' : 'signout');
      }
      return;
    }
    if (stored.accessToken === this.tokens?.accessToken) return;
    const wasSignedIn = this.tokens !== null && this.tokens.sessionId === stored.sessionId;
    this.tokens = stored;
    this.schedule();
    this.emit(wasSignedIn ? 'refresh' : 'signin');
  }

  private expiresIn() {
    return this.tokens ? this.tokens.localExpiresAt - this.deps.now() : 0;
  }

  private pick(p: TTokenPair): StoredTokens {
    const now = this.deps.now();
    const lifetime = tokenLifetimeMs(p.accessToken) ?? Date.parse(p.accessTokenExpiresAt) - now;
    return {
      accessToken: p.accessToken,
      accessTokenExpiresAt: p.accessTokenExpiresAt,
      refreshToken: p.refreshToken,
      sessionId: p.sessionId,
      localExpiresAt: now + lifetime,
    };
  }

  private schedule(delay?: number) {
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
    if (!this.tokens) return;
    const ms = delay ?? Math.max(MIN_REFRESH_GAP_MS, this.expiresIn() - REFRESH_MARGIN_MS);
    this.timer = this.deps.setTimer(() => {
      this.timer = null;
      void this.refreshNow();
    }, ms);
  }

  private read(): StoredTokens | null {
    const raw = this.deps.storage.getItem(STORAGE_KEY);
    if (!raw) return null;
    try {
      const t = JSON.parse(raw) as StoredTokens;
      return t.accessToken && t.refreshToken && typeof t.localExpiresAt === 'number' ? t : null;
    } catch {
      return null;
    }
  }

  private write(t: StoredTokens) {
    this.tokens = t;
    this.deps.storage.setItem(STORAGE_KEY, JSON.stringify(t));
    this.schedule();
  }

  private emit(reason: Parameters<Listener>[1]) {
    for (const fn of this.listeners) fn(this.tokens, reason);
  }
}

/** exp - iat of a JWT, in ms (both stamped by the server's clock); null if it cannot be read. */
export function tokenLifetimeMs(jwt: string): number | null {
  try {
    const part = jwt.split('.')[1];
    if (!part) return null;
    const claims = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { iat?: number; exp?: number };
    return typeof claims.exp === 'number' && typeof claims.iat === 'number' ? (claims.exp - claims.iat) * 1000 : null;
  } catch {
    return null;
  }
}

/** Web Locks when the browser has them (every current one); otherwise the storage re-read alone. */
export function browserLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? (locks.request(LOCK_NAME, fn) as Promise<T>) : fn();
}
