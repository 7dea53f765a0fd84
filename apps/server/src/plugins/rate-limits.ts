import type { RouteName } from '@oceras/protocol';
import { addressKey } from '../lib/client-address.js';
import type { RateRule } from '../lib/rate-limiter.js';
import type { AgentPrincipal, VisitorPrincipal } from '../principals.js';

const MINUTE = 60_000;

/**
 * Routes with a limit of their own; every other route counts against the per-address limit
 * (RATE_LIMIT_PER_MINUTE). A socket call counts in its REST twin's bucket (each socket handler names its twin,
 * realtime/handlers/) and against the per-address limit too, so neither door is wider than the other.
 */
export const ROUTE_RATE_LIMITS: Partial<Record<RouteName, RateRule>> = {
  login: { max: 20, windowMs: MINUTE, per: 'address' },
  // Each code also counts in the login limits (modules/auth/login-limits.ts), like a password.
  loginTwoFactor: { max: 20, windowMs: MINUTE, per: 'address' },
  // A signed-in agent confirming a code or the password: per session, whatever the address.
  enableTwoFactor: { max: 10, windowMs: MINUTE, per: 'caller' },
  disableTwoFactor: { max: 10, windowMs: MINUTE, per: 'caller' },
  regenerateRecoveryCodes: { max: 10, windowMs: MINUTE, per: 'caller' },
  signup: { max: 10, windowMs: MINUTE, per: 'address' },
  refresh: { max: 60, windowMs: MINUTE, per: 'address' },
  acceptInvitation: { max: 10, windowMs: MINUTE, per: 'address' },
  createWidgetSession: { max: 30, windowMs: MINUTE, per: 'address' },
  // Every page view of every customer site asks for it once (the loader caches nothing across pages).
  getWidgetConfig: { max: 300, windowMs: MINUTE, per: 'address' },
  // Each test push is a real notification on someone's phone and a request to Expo.
  sendTestPush: { max: 10, windowMs: MINUTE, per: 'address' },
  // Per visitor, whatever address they write from.
  sendVisitorMessage: { max: 60, windowMs: MINUTE, per: 'caller' },
  startConversation: { max: 20, windowMs: MINUTE, per: 'caller' },
};

/**
 * Typing and viewing signals have no REST twin and no lasting effect: past this many per socket they are dropped
 * (acknowledged, not relayed), never refused, so a client that sends too many just looks a little less live.
 */
export const SIGNAL_LIMIT = { max: 30, windowMs: 10_000 } as const;

/** A test's or an operator's change to a route's limit: `timeWindow` as @fastify/rate-limit spells it. */
export type RateLimitOverride = { max: number; timeWindow?: string | number; per?: RateRule['per'] };

const UNITS: Record<string, number> = { ms: 1, second: 1000, minute: MINUTE, hour: 60 * MINUTE };
function toMs(window: string | number): number {
  if (typeof window === 'number') return window;
  const m = /^(\d+)\s*(ms|second|minute|hour)s?$/.exec(window.trim());
  if (!m) throw new Error(`rate limit window "${window}" is not "<n> second|minute|hour"`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

/** The route table's limits with overrides applied. */
export function routeRateLimits(overrides: Partial<Record<RouteName, RateLimitOverride>> = {}) {
  const rules = { ...ROUTE_RATE_LIMITS };
  for (const [name, o] of Object.entries(overrides) as [RouteName, RateLimitOverride][]) {
    const base = ROUTE_RATE_LIMITS[name];
    rules[name] = {
      max: o.max,
      windowMs: o.timeWindow !== undefined ? toMs(o.timeWindow) : (base?.windowMs ?? MINUTE),
      per: o.per ?? base?.per ?? 'address',
    };
  }
  return rules;
}

/** Whom a call counts for: the signed-in caller (a visitor, an agent's session) or else the address. */
export function rateKey(
  per: RateRule['per'],
  principal: AgentPrincipal | VisitorPrincipal | null,
  address: string | undefined,
): string {
  if (per === 'caller' && principal)
    return principal.kind === 'visitor' ? `visitor:${principal.visitorId}` : `session:${principal.sessionId}`;
  return `address:${addressKey(address)}`;
}
