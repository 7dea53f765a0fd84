import { sql } from 'drizzle-orm';
import { query, type Tx } from '../db/client.js';

export interface RecordedEvent {
  organizationId: string;
  seq: number;
  type: string;
  conversationId: string | null;
  payload: unknown;
  visitorId: string | null;
  visitorSeq: number | null;
  visitorPayload: unknown;
  at: string;
}

export interface EventInput {
  type: string;
  conversationId?: string | null;
  /** What agents see. */
  payload: unknown;
  /** The visitor's view, if the visitor may see this event at all (never for notes). */
  visitor?: { id: string; payload: unknown } | null;
  /**
   * The visitor an event is about without being in their stream (a contact's changes): kept as the row's
   * `visitor_id`, with no visitor sequence, so that erasing the visitor erases the event (privacy.repo.ts).
   */
  aboutVisitorId?: string;
}

/** Collects what a transaction recorded, to dispatch once it has committed. */
export class UnitOfWork {
  readonly events: RecordedEvent[] = [];
  /** Work that must wait for COMMIT (signals to other processes, cache evictions). */
  readonly afterCommit: (() => void)[] = [];
}

/**
 * Records an event inside the caller's transaction, in one round trip: takes the organization's next sequence
 * (its row lock orders the organization's writes, so sequence order is commit order), the visitor's next
 * sequence if the visitor sees it, stamps the conversation's version, and writes the event row.
 * Callers lock rows in the order conversation, organization, visitor; this runs last for that reason.
 */
export async function recordEvent(
  tx: Tx,
  uow: UnitOfWork,
  organizationId: string,
  input: EventInput,
): Promise<RecordedEvent> {
  const conversationId = input.conversationId ?? null;
  const visitorId = input.visitor?.id ?? null;
  const rowVisitorId = visitorId ?? input.aboutVisitorId ?? null;
  const [row] = await query<{ seq: string | number; visitor_seq: string | number | null; created_at: Date | string }>(
    tx,
    sql`with o as (
          update organizations set event_seq = event_seq + 1 where id = ${organizationId} returning event_seq
        ), v as (
          update visitors set event_seq = event_seq + 1
          where ${visitorId}::uuid is not null and id = ${visitorId}::uuid and organization_id = ${organizationId}
          returning event_seq
        ), c as (
          update conversations set version = (select event_seq from o)
          where ${conversationId}::uuid is not null and id = ${conversationId}::uuid and organization_id = ${organizationId}
        )
        insert into events (organization_id, seq, type, conversation_id, payload, visitor_id, visitor_seq, visitor_payload)
        select ${organizationId}, o.event_seq, ${input.type}, ${conversationId}::uuid, ${JSON.stringify(input.payload)}::jsonb,
               ${rowVisitorId}::uuid, (select event_seq from v),
               ${input.visitor ? JSON.stringify(input.visitor.payload) : null}::jsonb
        from o
        returning seq, visitor_seq, created_at`,
  );
  if (!row) throw new Error(`organization ${organizationId} vanished while recording ${input.type}`);
  const event: RecordedEvent = {
    organizationId,
    seq: Number(row.seq),
    type: input.type,
    conversationId,
    payload: input.payload,
    visitorId: rowVisitorId,
    visitorSeq: row.visitor_seq === null ? null : Number(row.visitor_seq),
    visitorPayload: input.visitor?.payload ?? null,
    at: new Date(row.created_at).toISOString(),
  };
  uow.events.push(event);
  return event;
}
