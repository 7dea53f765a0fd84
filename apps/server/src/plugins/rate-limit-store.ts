import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

type Result = { current: number; ttl: number };
type Callback = (err: Error | null, res: Result | null) => void;
interface Store {
  incr(key: string, cb: Callback, timeWindow: number, max: number): void;
  read?(key: string, cb: Callback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): Store;
}
type StoreCtor = new (continueExceeding: boolean, exponentialBackoff: boolean, ...rest: unknown[]) => Store;

// The plugin's own stores (CommonJS, no exports map): the Redis one is the plugin's tested Lua script.
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as StoreCtor;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as StoreCtor;

/**
 * Counts in Redis, so that every process shares one limit per IP or session; while Redis is unreachable each
 * process counts on its own instead of letting everything through (the plugin's `skipOnError` would).
 */
export function sharedRateLimitStore(redis: Redis, isUp: () => boolean) {
  class Fallback implements Store {
    constructor(
      private readonly shared: Store,
      private readonly local: Store,
    ) {}
    incr(key: string, cb: Callback, timeWindow: number, max: number) {
      if (!isUp()) return this.local.incr(key, cb, timeWindow, max);
      this.shared.incr(
        key,
        (err, res) => (err ? this.local.incr(key, cb, timeWindow, max) : cb(null, res)),
        timeWindow,
        max,
      );
    }
    child(routeOptions: unknown): Store {
      return new Fallback(this.shared.child(routeOptions), this.local.child(routeOptions));
    }
  }
  return class SharedStore extends Fallback {
    constructor(params: { continueExceeding?: boolean; exponentialBackoff?: boolean }) {
      const ce = params.continueExceeding ?? false;
      const eb = params.exponentialBackoff ?? false;
      super(new RedisStore(ce, eb, redis, 'oceras:rl:'), new LocalStore(ce, eb, 10_000));
    }
  };
}
