import { sql } from 'drizzle-orm';
import { type Db, query } from '../db/client.js';
import type { StreamSource } from '../realtime/stream.js';

type Row = { seq: string | number; type: string; payload: unknown; created_at: Date | string };
const toItems = (rows: Row[]) =>
  rows.map((r) => ({ seq: Number(r.seq), type: r.type, at: new Date(r.created_at).toISOString(), payload: r.payload }));
const headOf = async (db: Db, statement: ReturnType<typeof sql>) =>
  Number((await query<{ s: string | number }>(db, statement))[0]?.s ?? 0);

/** The organization's stream, as agents follow it: every event, the agents' view. */
export const organizationStream = (db: Db, organizationId: string): StreamSource => ({
  since: async (after, limit) =>
    toItems(
      await query<Row>(
        db,
        sql`select seq, type, payload, created_at from events
            where organization_id = ${organizationId} and seq > ${after} order by seq limit ${limit}`,
      ),
    ),
  head: () => headOf(db, sql`select event_seq as s from organizations where id = ${organizationId}`),
});

/** One visitor's own stream: only what concerns them, the visitor's view, numbered by the visitor's sequence. */
export const visitorStream = (db: Db, visitorId: string): StreamSource => ({
  since: async (after, limit) =>
    toItems(
      await query<Row>(
        db,
        sql`select visitor_seq as seq, type, visitor_payload as payload, created_at from events
            where visitor_id = ${visitorId} and visitor_seq > ${after} order by visitor_seq limit ${limit}`,
      ),
    ),
  head: () => headOf(db, sql`select event_seq as s from visitors where id = ${visitorId}`),
});
