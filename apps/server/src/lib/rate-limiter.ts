import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

type Counted = { current: number; ttl: number };
type Callback = (err: Error | null, res: Counted | null) => void;
/** The store interface of @fastify/rate-limit (its own stores and the `store` option's class). */
interface PluginStore {
  incr(key: string, cb: Callback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): PluginStore;
}
type StoreCtor = new (continueExceeding: boolean, exponentialBackoff: boolean, ...rest: unknown[]) => PluginStore;

// The plugin's own stores (CommonJS, no exports map): the Redis one is the plugin's tested Lua script.
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as StoreCtor;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as StoreCtor;

/** How many calls a window allows, and whom it counts: the client's address or the signed-in caller. */
export interface RateRule {
  max: number;
  windowMs: number;
  per: 'address' | 'caller';
}
export interface RateVerdict {
  isAllowed: boolean;
  /** Until the window ends (0 when allowed). */
  retryAfterMs: number;
}

/**
 * Fixed-window counters named `<bucket>:<key>`, shared by REST (as @fastify/rate-limit's store) and socket calls,
 * so a socket call and its REST twin count in one bucket. With Redis every process shares them; while Redis is
 * unreachable each process counts on its own instead of letting everything through (the plugin's `skipOnError`
 * would).
 */
export class RateLimiter {
  private readonly local: PluginStore = new LocalStore(false, false, 50_000);
  private readonly shared: PluginStore | null;

  constructor(private readonly redis: { redis: Redis; isUp: () => boolean } | null = null) {
    this.shared = redis ? new RedisStore(false, false, redis.redis, 'oceras:rl:') : null;
  }

  private incr(key: string, windowMs: number, max: number, cb: Callback) {
    if (!this.shared || !this.redis?.isUp()) return this.local.incr(key, cb, windowMs, max);
    this.shared.incr(key, (err, res) => (err ? this.local.incr(key, cb, windowMs, max) : cb(null, res)), windowMs, max);
  }

  /** Counts one call of `key` in `bucket`. */
  hit(bucket: string, key: string, rule: Pick<RateRule, 'max' | 'windowMs'>): Promise<RateVerdict> {
    return new Promise((resolve, reject) =>
      this.incr(`${bucket}:${key}`, rule.windowMs, rule.max, (err, res) => {
        if (err || !res) return reject(err ?? new Error('rate limiter answered nothing'));
        const isAllowed = res.current <= rule.max;
        resolve({ isAllowed, retryAfterMs: isAllowed ? 0 : Math.max(1, res.ttl) });
      }),
    );
  }

  /**
   * The class for @fastify/rate-limit's `store` option: the global limit counts in the bucket `all`, a route
   * with a limit of its own in a bucket named after the route (its operationId, the route table's name).
   */
  pluginStore() {
    const store = (bucket: string): PluginStore => ({
      incr: (key, cb, timeWindow, max) => this.incr(`${bucket}:${key}`, timeWindow, max, cb),
      child: (params) => {
        const route = (params as { routeInfo?: { schema?: { operationId?: string }; method?: string; url?: string } })
          .routeInfo;
        return store(route?.schema?.operationId ?? (route?.url ? `${route.method} ${route.url}` : 'custom'));
      },
    });
    return class {
      constructor() {
        // biome-ignore lint/correctness/noConstructorReturn: the plugin instantiates the class; the store is built above.
        return store('all');
      }
    };
  }
}
