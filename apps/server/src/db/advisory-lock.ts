import { sql } from 'drizzle-orm';
import type { Tx } from './client.js';

/**
 * Holds a transaction-scoped advisory lock on `key` until the transaction ends. For limits on a number of rows
 * ("at most 50 views per owner"): the count and the insert of two transactions cannot interleave once both take
 * the owner's key first, and a set of rows has no row of its own to lock.
 */
export async function lockKey(tx: Tx, key: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
