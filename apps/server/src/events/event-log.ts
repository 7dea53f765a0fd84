import { sql } from 'drizzle-orm';
import { type Db, query } from '../db/client.js';
import type { StreamSource } from '../realtime/stream.js';
import type { RecordedEvent } from './record-event.js';

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

type EventRow = {
  organization_id: string;
  seq: string | number;
  type: string;
  conversation_id: string | null;
  payload: unknown;
  visitor_id: string | null;
  visitor_seq: string | number | null;
  visitor_payload: unknown;
  created_at: Date | string;
};

/** Every organization's events recorded after `since`, oldest first: what a process polls while Redis is away. */
export async function recentEvents(db: Db, since: Date, limit: number): Promise<RecordedEvent[]> {
  const rows = await query<EventRow>(
    db,
    sql`select organization_id, seq, type, conversation_id, payload, visitor_id, visitor_seq, visitor_payload, created_at
        from events where created_at > ${since.toISOString()}::timestamptz order by created_at limit ${limit}`,
  );
  return rows.map((r) => ({
    organizationId: r.organization_id,
    seq: Number(r.seq),
    type: r.type,
    conversationId: r.conversation_id,
    payload: r.payload,
    visitorId: r.visitor_id,
    visitorSeq: r.visitor_seq === null ? null : Number(r.visitor_seq),
    visitorPayload: r.visitor_payload,
    at: new Date(r.created_at).toISOString(),
  }));
}
