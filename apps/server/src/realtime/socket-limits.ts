import type { AckError, RouteName } from '@oceras/protocol';
import { rateKey, SIGNAL_LIMIT } from '../plugins/rate-limits.js';
import type { AgentPrincipal, VisitorPrincipal } from '../principals.js';
import type { Services } from '../services.js';

/**
 * The limits of one socket: a call counts in its REST twin's bucket (when the twin has a limit of its own) and in
 * the per-address bucket, exactly as the REST call would be counted, so the socket is no wider door; signals
 * (typing, viewing) have a per-socket budget and are dropped past it.
 */
export function socketLimits(services: Services, principal: AgentPrincipal | VisitorPrincipal, address: string) {
  const { limiter, routes, perAddress } = services.limits;
  let signals = 0;
  let windowEnds = 0;
  return {
    /** Null when the call may go on, else the refusal to acknowledge with. */
    async check(twin: RouteName): Promise<AckError | null> {
      const own = routes[twin];
      const verdicts = await Promise.all([
        own ? limiter.hit(twin, rateKey(own.per, principal, address), own) : null,
        limiter.hit('all', rateKey('address', null, address), perAddress),
      ]);
      const retryAfterMs = Math.max(0, ...verdicts.map((v) => (v && !v.isAllowed ? v.retryAfterMs : 0)));
      if (retryAfterMs === 0) return null;
      return {
        code: 'RATE_LIMITED',
        message: `rate limit reached: retry in ${Math.ceil(retryAfterMs / 1000)} s`,
        retryAfterMs,
      };
    },
    /** Whether a signal may be relayed now. */
    signal(now = Date.now()): boolean {
      if (now >= windowEnds) {
        windowEnds = now + SIGNAL_LIMIT.windowMs;
        signals = 0;
      }
      return ++signals <= SIGNAL_LIMIT.max;
    },
  };
}
export type SocketLimits = ReturnType<typeof socketLimits>;
