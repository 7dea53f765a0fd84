import { ROUTES, type TAgent, type TAuthResponse, type TOrganization, type TTokenPair } from '@oceras/protocol';
import { ApiError, createClient, type OcerasClient } from '@oceras/protocol/client';
import type { TLanguage } from '@oceras/protocol/languages';
import { isTwoFactorChallenge } from '@oceras/protocol/two-factor';
import { type KeyValueStore, readJson } from './storage';
import { createStore } from './store';

/** Kept in secure storage: where the server is and the refresh token. Never the access token. */
export const SESSION_KEY = 'oceras.session';
/** Who signed in, for the screens to show while offline (not a secret). */
export const PROFILE_KEY = 'oceras.profile';
/** Refresh this long before the access token expires (15-minute tokens: at about 14 minutes). */
export const REFRESH_MARGIN_MS = 60_000;
const RETRY_MS = 5_000;

/** What the screens show while offline: who signed in, their organization, whether two-factor is on. */
interface Profile {
  agent: TAgent;
  organization: TOrganization;
  twoFactorEnabled?: boolean;
  /** The agent's language for the app (GET /me); null or absent: the device's. */
  language?: TLanguage | null;
}

interface StoredSession {
  serverUrl: string;
  refreshToken: string;
  sessionId: string;
}

export interface SessionState {
  status: 'loading' | 'signedOut' | 'signedIn';
  serverUrl: string | null;
  agent: TAgent | null;
  organization: TOrganization | null;
  sessionId: string | null;
  /** The agent signs in with a second factor (with organization.requireTwoFactor: whether setup comes first). */
  twoFactorEnabled: boolean;
  /** The language the agent chose (GET /me `language`); null: the device's (lib/i18n). */
  language: TLanguage | null;
  /** Why the last session ended without a sign-out (the sign-in screen says so). */
  endedReason: 'expired' | 'deleted' | null;
}

export interface SessionDeps {
  secure: KeyValueStore;
  cache: KeyValueStore;
  fetch?: typeof fetch;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** A request that has not answered after this long is treated as a lost connection (the outbox retries later). */
export const REQUEST_TIMEOUT_MS = 20_000;

/** fetch with a deadline: phones on a bad network can leave a request hanging for minutes. */
export function withTimeout(doFetch: typeof fetch, ms = REQUEST_TIMEOUT_MS): typeof fetch {
  return (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), ms);
    return doFetch(input, { ...init, signal: controller.signal }).finally(() => clearTimeout(timer));
  };
}

export type RefreshOutcome = 'refreshed' | 'ended' | 'failed';

/** `https://` unless a scheme is given; no trailing slash. */
export function normalizeServerUrl(input: string) {
  const s = input.trim().replace(/\/+$/, '');
  return /^https?:\/\//i.test(s) ? s : `https://${s}`;
}

/** exp - iat of a JWT in ms (server clock on both sides), so a phone whose clock is off still refreshes in time. */
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

/**
 * The one owner of the agent's credentials. The refresh token lives in secure storage, the access token only in
 * memory; it is refreshed quietly a minute before it expires and before any call that would carry an expiring one.
 */
export class Session {
  readonly state = createStore<SessionState>({
    status: 'loading',
    serverUrl: null,
    agent: null,
    organization: null,
    sessionId: null,
    twoFactorEnabled: false,
    language: null,
    endedReason: null,
  });
  client: OcerasClient;
  /** Bumped on every new access token: the open socket is handed it (session.renew). */
  readonly tokenVersion = createStore(0);
  private access: { token: string; localExpiresAt: number } | null = null;
  private stored: StoredSession | null = null;
  private timer: unknown = null;
  private inFlight: Promise<RefreshOutcome> | null = null;
  private readonly now: () => number;

  constructor(private deps: SessionDeps) {
    this.now = deps.now ?? Date.now;
    this.client = this.makeClient('http://invalid');
  }

  get serverUrl() {
    return this.stored?.serverUrl ?? null;
  }

  /** The access token held now, without refreshing (for handing to the socket). */
  get currentAccessToken() {
    return this.access?.token ?? null;
  }

  /** At launch: a stored session is resumed (offline too, with the last known profile). */
  async restore() {
    const stored = await readJson<StoredSession>(this.deps.secure, SESSION_KEY);
    if (!stored?.refreshToken || !stored.serverUrl) {
      this.state.set((s) => ({ ...s, status: 'signedOut' }));
      return;
    }
    this.stored = stored;
    this.client = this.makeClient(stored.serverUrl);
    const profile = await readJson<Profile>(this.deps.cache, PROFILE_KEY);
    this.state.set({
      status: 'signedIn',
      serverUrl: stored.serverUrl,
      agent: profile?.agent ?? null,
      organization: profile?.organization ?? null,
      sessionId: stored.sessionId,
      twoFactorEnabled: profile?.twoFactorEnabled ?? false,
      language: profile?.language ?? null,
      endedReason: null,
    });
    const outcome = await this.refreshNow();
    if (outcome === 'refreshed') void this.loadProfile();
  }

  /**
   * Signs in with the password; an account with two-factor on answers a challenge instead (returned: the sign-in
   * screen asks for the code and calls completeTwoFactor), else null once signed in.
   */
  async signIn(serverUrlInput: string, email: string, password: string) {
    const serverUrl = normalizeServerUrl(serverUrlInput);
    const answer = await this.makeClient(serverUrl, true).call('login', { body: { email, password } });
    if (isTwoFactorChallenge(answer)) return { serverUrl, challengeToken: answer.challengeToken };
    await this.start(serverUrl, answer);
    return null;
  }

  /** The sign-in's code step: a code from the authenticator app or a recovery code, with the login's challenge. */
  async completeTwoFactor(
    challenge: { serverUrl: string; challengeToken: string },
    factor: { code: string } | { recoveryCode: string },
  ) {
    const auth = await this.makeClient(challenge.serverUrl, true).call('loginTwoFactor', {
      body: { challengeToken: challenge.challengeToken, ...factor },
    });
    await this.start(challenge.serverUrl, auth);
  }

  /** Two-factor turned on or off on this account (the profile screen). */
  setTwoFactorEnabled(twoFactorEnabled: boolean) {
    this.state.set((s) => ({ ...s, twoFactorEnabled }));
    void this.saveState();
  }

  /** The agent chose a language (PATCH /me answered it): the screens switch, and the next launch starts in it. */
  setLanguage(language: TLanguage | null) {
    this.state.set((s) => ({ ...s, language }));
    void this.saveState();
  }

  private async saveState() {
    const { agent, organization, twoFactorEnabled, language } = this.state.get();
    if (agent && organization) await this.saveProfile({ agent, organization, twoFactorEnabled, language });
  }

  private async start(serverUrl: string, auth: TAuthResponse) {
    this.client = this.makeClient(serverUrl);
    await this.accept(serverUrl, auth);
    await this.saveProfile(auth);
    this.state.set({
      status: 'signedIn',
      serverUrl,
      agent: auth.agent,
      organization: auth.organization,
      sessionId: auth.sessionId,
      twoFactorEnabled: auth.twoFactorEnabled,
      language: null,
      endedReason: null,
    });
    // The sign-in's answer does not carry the agent's language: GET /me does.
    void this.loadProfile();
  }

  /**
   * Whether the server answers this page at all, when a call to it failed without an answer. The widget API accepts
   * every origin (customers' sites call it), so it answers a browser page that the agent API's CORS refuses: a web
   * build on an origin missing from the server's CORS_ORIGINS. (`/healthz` cannot tell: even a no-cors read of it is
   * blocked by its `Cross-Origin-Resource-Policy: same-origin`.)
   */
  async isAnsweringBrowsers(serverUrlInput: string) {
    const doFetch = withTimeout(this.deps.fetch ?? ((input, init) => fetch(input, init)), 5_000);
    try {
      await doFetch(`${normalizeServerUrl(serverUrlInput)}${ROUTES.getWidgetConfig.path}`, { method: 'GET' });
      return true;
    } catch {
      return false;
    }
  }

  /** Ends the session on the server (which also removes its devices), then forgets everything here. */
  async signOut() {
    const refreshToken = this.stored?.refreshToken;
    try {
      if (refreshToken && this.access) await this.client.call('logout', { body: { refreshToken } });
    } catch {
      // Offline or already ended: forgetting the tokens here is what matters; the server expires the session.
    }
    await this.forget(null);
  }

  /** The server ended this session (revoked elsewhere, SPEC R11): forget it here, as a refused refresh does. */
  async end() {
    if (this.stored) await this.forget('expired');
  }

  /** The agent deleted their account: the server has ended every session already; forget this one here. */
  async accountDeleted() {
    await this.forget('deleted');
  }

  /** A valid access token, refreshed first if it is about to expire; null when signed out or unreachable. */
  async accessToken(): Promise<string | null> {
    if (!this.stored) return null;
    if (this.access && this.access.localExpiresAt - this.now() > REFRESH_MARGIN_MS / 2) return this.access.token;
    await this.refreshNow();
    return this.access?.token ?? null;
  }

  /** Refreshes once, whoever asks: concurrent callers share one attempt (a refresh token is spent once). */
  refreshNow(): Promise<RefreshOutcome> {
    this.inFlight ??= this.runRefresh().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Applies a changed profile (availability, name) from the server or an event. */
  updateAgent(agent: TAgent) {
    const s = this.state.get();
    if (!s.agent || s.agent.id !== agent.id) return;
    this.state.set({ ...s, agent });
    void this.saveState();
  }

  dispose() {
    this.clearTimer();
  }

  private async runRefresh(): Promise<RefreshOutcome> {
    const stored = this.stored;
    if (!stored) return 'ended';
    try {
      const pair = await this.makeClient(stored.serverUrl, true).call('refresh', {
        body: { refreshToken: stored.refreshToken },
      });
      if (this.stored !== stored) return 'ended'; // signed out meanwhile
      await this.accept(stored.serverUrl, pair);
      return 'refreshed';
    } catch (err) {
      // Signed out meanwhile (or the account deleted): that ending stands, with its own reason.
      if (this.stored !== stored) return 'ended';
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        await this.forget('expired');
        return 'ended';
      }
      // Network trouble or a server error: keep the session, try again soon.
      this.schedule(RETRY_MS);
      return 'failed';
    }
  }

  private async accept(serverUrl: string, pair: TTokenPair) {
    const lifetime = tokenLifetimeMs(pair.accessToken) ?? Date.parse(pair.accessTokenExpiresAt) - this.now();
    this.access = { token: pair.accessToken, localExpiresAt: this.now() + lifetime };
    this.stored = { serverUrl, refreshToken: pair.refreshToken, sessionId: pair.sessionId };
    await this.deps.secure.setItem(SESSION_KEY, JSON.stringify(this.stored));
    this.schedule(Math.max(10_000, lifetime - REFRESH_MARGIN_MS));
    this.tokenVersion.set((v) => v + 1);
  }

  /** Who am I, again: at launch, and when the server says the organization now requires two-factor. */
  async loadProfile() {
    try {
      const me = await this.client.call('getMe');
      await this.saveProfile(me);
      this.state.set((s) => ({
        ...s,
        agent: me.agent,
        organization: me.organization,
        twoFactorEnabled: me.twoFactorEnabled,
        language: me.language ?? null,
      }));
    } catch {
      // The cached profile stays on screen.
    }
  }

  private saveProfile({ agent, organization, twoFactorEnabled, language }: Profile) {
    return this.deps.cache.setItem(
      PROFILE_KEY,
      JSON.stringify({ agent, organization, twoFactorEnabled, language: language ?? null }),
    );
  }

  private async forget(reason: SessionState['endedReason']) {
    this.clearTimer();
    this.access = null;
    this.stored = null;
    await this.deps.secure.removeItem(SESSION_KEY);
    await this.deps.cache.removeItem(PROFILE_KEY);
    this.state.set({
      status: 'signedOut',
      serverUrl: this.state.get().serverUrl,
      agent: null,
      organization: null,
      sessionId: null,
      twoFactorEnabled: false,
      language: null,
      endedReason: reason,
    });
  }

  /**
   * The agent's client carries the access token; `isPublic` for login and refresh (which must not wait on one). A
   * call refused with TWO_FACTOR_REQUIRED (the organization switched it on) reloads the profile, which routes the
   * agent to the setup (app/_layout.tsx).
   */
  private makeClient(baseUrl: string, isPublic = false): OcerasClient {
    const client = createClient({
      baseUrl,
      ...(isPublic ? {} : { getToken: () => this.accessToken() }),
      fetch: withTimeout(this.deps.fetch ?? ((input, init) => fetch(input, init))),
    });
    if (isPublic) return client;
    return {
      call: async (name, args) => {
        try {
          return await client.call(name, args);
        } catch (err) {
          if (err instanceof ApiError && err.code === 'TWO_FACTOR_REQUIRED' && name !== 'getMe')
            void this.loadProfile();
          throw err;
        }
      },
    };
  }

  private schedule(ms: number) {
    this.clearTimer();
    const set = this.deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.timer = set(() => {
      this.timer = null;
      void this.refreshNow();
    }, ms);
  }

  private clearTimer() {
    if (this.timer === null) return;
    (this.deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(this.timer);
    this.timer = null;
  }
}
