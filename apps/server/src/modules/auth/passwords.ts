import { availableParallelism } from 'node:os';
import bcrypt from 'bcrypt';

/** The privacy policy promises bcrypt with cost factor 10. */
export const BCRYPT_COST = 10;

/**
 * Native bcrypt runs on libuv's thread pool, so the event loop never waits for a hash. But the pool has four
 * threads: on a two-core machine four hashes at once would leave the event loop a fraction of a core. At most
 * cores + 1 hashes run at a time (one more than the cores, so a core never idles between two hashes); the others
 * queue here, and a login burst costs the burst, not everyone else. Measured on 2 cores (bench/auth.bench.ts):
 * logins/s at 0.9 of raw bcrypt, /healthz p99 8 ms during the burst (one hash per core: 0.83 and 8-12 ms; the
 * pool's four: 1.0 and 135 ms).
 */
const MAX_HASHING = availableParallelism() + 1;
let hashing = 0;
const waiting: (() => void)[] = [];
async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (hashing >= MAX_HASHING) await new Promise<void>((resolve) => waiting.push(resolve));
  hashing++;
  try {
    return await work();
  } finally {
    hashing--;
    waiting.shift()?.();
  }
}

export const hashPassword = (password: string) => limited(() => bcrypt.hash(password, BCRYPT_COST));

// Compared against when the email is unknown, so a miss costs the same time as a wrong password. A cost-10
// hash of random bytes nobody kept, written out so that start-up does not spend 45 ms computing one.
const DUMMY_HASH = '$2b$10$c.ji.aPhx45QWEz/HY8i2.rpRDNtChX2oZbOamN4G7Zu3v0ilGdJy';

export const verifyPassword = (password: string, hash: string | null) =>
  limited(() => bcrypt.compare(password, hash ?? DUMMY_HASH));
