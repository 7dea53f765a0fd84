import { ApiError, createClient, type OcerasClient } from '@oceras/protocol/client';
import { browserLock, SessionManager, STORAGE_KEY } from './session';

const origin = typeof location === 'undefined' ? 'http://localhost' : location.origin;

/** The client for public calls (sign-in, sign-up, refresh): no token. */
export const publicApi: OcerasClient = createClient({ baseUrl: origin });

export const session = new SessionManager({
  storage: localStorage,
  refresh: async (refreshToken) => {
    try {
      return await publicApi.call('refresh', { body: { refreshToken } });
    } catch (err) {
      if (err instanceof ApiError) throw { status: err.status, code: err.code };
      throw err;
    }
  },
  withLock: browserLock,
  handoffMs: 250,
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as number),
  onExternalChange: (fn) => {
    const handler = (e: StorageEvent) => {
      if (e.key === STORAGE_KEY || e.key === null) fn();
    };
    addEventListener('storage', handler);
    return () => removeEventListener('storage', handler);
  },
});

const twoFactorListeners = new Set<() => void>();
/** The organization requires two-factor and a call was refused for it (TWO_FACTOR_REQUIRED); returns the unsubscribe. */
export function onTwoFactorRequired(listener: () => void) {
  twoFactorListeners.add(listener);
  return () => {
    twoFactorListeners.delete(listener);
  };
}

/** The signed-in client: every call carries a fresh access token; a refused session signs out with a message. */
const inner = createClient({ baseUrl: origin, getToken: () => session.accessToken() });
export const api: OcerasClient = {
  async call(name, args) {
    try {
      return await inner.call(name, args);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && session.current) {
        if (err.code === 'TOKEN_EXPIRED') {
          // The clock or a sleeping laptop beat the timer: refresh once and retry.
          const outcome = await session.refreshNow();
          if (outcome === 'refreshed' || outcome === 'adopted') return inner.call(name, args);
        } else if (err.code === 'SESSION_REVOKED' || err.code === 'UNAUTHENTICATED') session.signOut('ended');
        // INVALID_CREDENTIALS (a wrong current password) is also a 401: the caller shows it, the session stays.
      }
      if (err instanceof ApiError && err.code === 'TWO_FACTOR_REQUIRED') for (const fn of twoFactorListeners) fn();
      throw err;
    }
  },
};
