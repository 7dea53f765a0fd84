import type {
  ContactEventData,
  TContactChange,
  TContactEventContact,
  TCustomAttributes,
  TCustomFieldValues,
} from '@oceras/protocol';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { conversations, organizations } from '../../db/schema.js';
import { recordEvent, type UnitOfWork } from '../../events/record-event.js';
import { presentContact } from './contact.presenter.js';
import type { VisitorRow } from './contact.repo.js';

/** Each change a contact event names, and the column it compares. */
const COMPARED: Record<Exclude<TContactChange, 'merged'>, keyof VisitorRow> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  company: 'company',
  userId: 'externalUserId',
  customAttributes: 'customAttributes',
  customFields: 'customFields',
};

/** A value as compared: attributes by content whatever their key order. */
const comparable = (v: unknown) =>
  v && typeof v === 'object' ? JSON.stringify(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v;

/** What differs between two states of a contact, in the fields its events report (not last seen, IP or browser). */
export function contactChanges(before: VisitorRow, after: VisitorRow): TContactChange[] {
  return (Object.keys(COMPARED) as (keyof typeof COMPARED)[]).filter(
    (k) => comparable(before[COMPARED[k]]) !== comparable(after[COMPARED[k]]),
  );
}

/**
 * Takes the organization's row before a contact's row is written, in a transaction that will record a contact
 * event: record-event.ts's lock order (conversation, organization, visitor) holds, so a contact change cannot
 * deadlock with a message to that visitor (which takes the organization's row, then the visitor's).
 */
export async function lockForContactEvent(tx: Tx, organizationId: string) {
  await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for('no key update');
}

/** The contact as its events carry it; a contact just created has no conversation yet (no query to say so). */
async function eventContact(tx: Tx, row: VisitorRow, isNew: boolean): Promise<TContactEventContact> {
  let count = 0;
  if (!isNew) {
    const [counted] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(conversations)
      .where(and(eq(conversations.organizationId, row.organizationId), eq(conversations.visitorId, row.id)));
    count = counted?.n ?? 0;
  }
  return {
    ...presentContact(row, count),
    customAttributes: (row.customAttributes ?? {}) as TCustomAttributes,
    customFields: (row.customFields ?? {}) as TCustomFieldValues,
  };
}

/**
 * Records `contact.created` or `contact.updated` in the organization's event log, the one source the webhooks
 * follow (webhook-events.ts) and the agents' stream (every numbered event reaches agents, SPEC R3; apps may ignore
 * these). Not in the visitor's stream. The event is about the visitor (`aboutVisitorId`), so erasing them erases
 * it. An update that changed nothing reported records nothing.
 */
export async function recordContactEvent(
  tx: Tx,
  uow: UnitOfWork,
  event:
    | { type: 'contact.created'; row: VisitorRow }
    | { type: 'contact.updated'; row: VisitorRow; changes: TContactChange[]; mergedFrom?: string },
): Promise<void> {
  const { row } = event;
  if (event.type === 'contact.updated' && event.changes.length === 0) return;
  const contact = await eventContact(tx, row, event.type === 'contact.created');
  const payload: ContactEventData[typeof event.type] =
    event.type === 'contact.created'
      ? contact
      : { contact, changes: event.changes, ...(event.mergedFrom ? { mergedFrom: event.mergedFrom } : {}) };
  await recordEvent(tx, uow, row.organizationId, { type: event.type, payload, aboutVisitorId: row.id });
}
