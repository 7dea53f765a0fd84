import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export type RedisStatus = 'up' | 'down';

/**
 * One ioredis connection that never queues commands while Redis is away (a command fails at once, so a request
 * never waits on a dead Redis), reconnects forever with capped backoff, and logs each change of state once.
 */
export function connectRedis(url: string, name: string, logger: Logger, onStatus?: (s: RedisStatus) => void) {
  const redis = new Redis(url, {
    connectionName: `oceras:${name}`,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2_000),
    lazyConnect: false,
  });
  let status: RedisStatus = 'down';
  let everUp = false;
  let closing = false;
  redis.on('ready', () => {
    if (status === 'up') return;
    status = 'up';
    if (everUp) logger.warn({ redis: name }, 'redis is back');
    everUp = true;
    onStatus?.('up');
  });
  const down = (err?: Error) => {
    if (status === 'down') return;
    status = 'down';
    if (closing) return;
    logger.error({ redis: name, err: err?.message }, 'redis is unreachable: serving on, catching up from PostgreSQL');
    onStatus?.('down');
  };
  redis.on('close', () => down());
  // Without a listener ioredis would print every failed reconnect; the state change above is logged once.
  redis.on('error', (err) => {
    if (status === 'up') down(err);
  });
  return {
    redis,
    status: () => status,
    /** Ends the connection on purpose (shutdown): not an outage, so nothing is logged or reported. */
    close: () => {
      closing = true;
      redis.disconnect();
    },
  };
}
