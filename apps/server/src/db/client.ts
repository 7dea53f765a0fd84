import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { Logger } from 'pino';
import { lockPgliteDir } from './pglite-lock.js';
import { type Schema, schema } from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

/**
 * A hot statement whose text never changes, run without the query builder: PostgreSQL parses and plans it once
 * per connection (a named prepared statement) instead of once per call.
 */
export type Prepared = <T>(name: string, text: string, values: unknown[]) => Promise<T[]>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  prepared: Prepared;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

const preparedByDb = new WeakMap<object, Map<string, unknown>>();
/** Databases reached through a pooler in transaction mode (PgBouncer): no named statements there. */
const pooledDbs = new WeakSet<object>();

/**
 * A query-builder statement built once per database and run as a named prepared statement: drizzle renders
 * SQL for every call otherwise, which showed as a fifth of a cheap request's CPU. `build` uses
 * sql.placeholder() for its parameters and `.prepare(statementName)`. Behind a pooler in transaction mode the
 * name is empty: an unnamed statement, parsed at every call, since the next call may reach another server
 * connection that never saw the name.
 */
export function preparedOnce<T>(db: Db, name: string, build: (db: Db, statementName: string) => T): T {
  let byName = preparedByDb.get(db);
  if (!byName) {
    byName = new Map();
    preparedByDb.set(db, byName);
  }
  let statement = byName.get(name) as T | undefined;
  if (!statement) {
    statement = build(db, pooledDbs.has(db) ? '' : `oceras_${name}`);
    byName.set(name, statement);
  }
  return statement;
}

/** Rows of a raw statement, whichever driver ran it. */
export async function query<T>(db: DbOrTx, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * PostgreSQL through `pg` when a URL is given; otherwise PGlite in the data folder. Both run the same
 * drizzle-kit migrations. Every pool and client error has a listener: a lost connection fails the requests
 * that needed it (503) and never the process.
 */
export async function openDatabase(options: {
  url?: string;
  dataDir: string;
  poolSize: number;
  logger: Logger;
  migrate?: boolean;
  /**
   * A pooler in transaction mode is in front (DATABASE_POOLER=transaction): each transaction may run on another
   * server connection, so nothing may rely on session state: no named prepared statements, and the migrations'
   * lock is held by one transaction instead of a session.
   */
  pooled?: boolean;
  /**
   * A statement with no answer after this long fails as the database being unavailable (503), rather than holding
   * its request for as long as a frozen or unreachable server stays silent (DATABASE_QUERY_TIMEOUT_MS; 0: never).
   * Migrations run without it: an index on a large table may take minutes.
   */
  queryTimeoutMs?: number;
}): Promise<Database> {
  const { logger } = options;
  if (options.url) {
    const pg = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new pg.default.Pool({
      connectionString: options.url,
      max: options.poolSize,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      application_name: 'oceras',
      ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs } : {}),
    });
    // A connection lost while idle (the server restarted or went away) is an outage's sign, not a bug: one line
    // per pooled connection, no stack; the calls it fails are reported once per outage (lib/error-reply.ts).
    pool.on('error', (err) => logger.warn({ reason: err.message }, 'database connection lost'));
    // Errors of a checked-out client reach its query; this listener only keeps one from being unhandled.
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = drizzle(pool, { schema }) as unknown as Db;
    if (options.pooled) pooledDbs.add(db);
    if (options.migrate !== false) {
      const { migrate } = await import('drizzle-orm/node-postgres/migrator');
      // Several processes may start at once: one migrates, the others wait on the advisory lock. A client of its
      // own, without the query timeout.
      const client = new pg.default.Client({ connectionString: options.url, application_name: 'oceras-migrate' });
      client.on('error', () => undefined);
      await client.connect();
      try {
        if (options.pooled) {
          // One transaction holds the lock and runs the migrations, so a pooler keeps it on one server
          // connection. drizzle's own BEGIN inside it is a no-op (a warning) and its COMMIT ends it, lock included.
          await client.query('begin');
          await client.query('select pg_advisory_xact_lock(726354)');
          await migrate(drizzle(client), { migrationsFolder });
          await client.query('commit');
        } else {
          await client.query('select pg_advisory_lock(726354)');
          await migrate(drizzle(client), { migrationsFolder });
        }
      } catch (err) {
        if (options.pooled) await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        if (!options.pooled) await client.query('select pg_advisory_unlock(726354)').catch(() => undefined);
        await client.end().catch(() => undefined);
      }
    }
    return {
      db,
      kind: 'postgres',
      prepared: async <T>(name: string, text: string, values: unknown[]) =>
        (await pool.query(options.pooled ? { text, values } : { name, text, values })).rows as T[],
      ping: async () => {
        await pool.query('select 1');
      },
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dir = path.resolve(options.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const unlock = lockPgliteDir(dir);
  let client: InstanceType<typeof PGlite>;
  try {
    // pg_trgm is a module PGlite loads on request: migration 0012 then creates the extension and its indexes.
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    client = await PGlite.create(dir, { extensions: { pg_trgm } });
  } catch (err) {
    unlock();
    throw err;
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  if (options.migrate !== false) {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(drizzle(client), { migrationsFolder });
  }
  return {
    db,
    kind: 'pglite',
    prepared: async <T>(_name: string, text: string, values: unknown[]) => (await client.query<T>(text, values)).rows,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      await client.close();
      unlock();
    },
  };
}
