import { vi } from 'vitest';
import type { RefreshOutcome, StoredTokens } from './session';

/** The session manager as the realtime code uses it: signed in as `meId` until signOut; refreshNow answers `refresh`. */
export function fakeSession(meId: string, refresh: () => RefreshOutcome = () => 'refreshed') {
  let current: StoredTokens | null = {
    accessToken: `token-of-${meId}`,
    accessTokenExpiresAt: '2026-03-04T15:20:00.000Z',
    refreshToken: `refresh-of-${meId}`,
    sessionId: `session-of-${meId}`,
    localExpiresAt: Date.now() + 900_000,
  };
  return {
    get current() {
      return current;
    },
    accessToken: async () => current?.accessToken ?? null,
    refreshNow: vi.fn(async () => refresh()),
    signOut: vi.fn((_reason?: 'signout' | 'ended') => {
      current = null;
    }),
  };
}
