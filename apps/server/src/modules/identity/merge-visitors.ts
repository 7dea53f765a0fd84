import { type TCustomAttributes, ZCustomAttributes } from '@oceras/protocol';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  attachments,
  consentRecords,
  conversations,
  emailOutbox,
  events,
  messages,
  visitorNotes,
  visitors,
} from '../../db/schema.js';
import type { UnitOfWork } from '../../events/record-event.js';
import type { Services } from '../../services.js';
import { type AuditActor, recordAudit } from '../audit/record-audit.js';
import { contactChanges, lockForContactEvent, recordContactEvent } from '../contacts/contact-events.js';
import { recordConversationEvent } from '../conversations/conversation-events.js';
import { revokeVisitorSessions } from '../widget/visitor-sessions.js';

type MergedVisitor = Pick<
  typeof visitors.$inferSelect,
  'id' | 'name' | 'email' | 'phone' | 'company' | 'externalUserId' | 'customAttributes' | 'firstSeenAt'
>;

/** What the kept visitor's row becomes: its own labels first, the merged one's filling the empty ones. */
function filledLabels(from: MergedVisitor, into: MergedVisitor) {
  const attributes = ZCustomAttributes.safeParse({
    ...(from.customAttributes as TCustomAttributes),
    ...(into.customAttributes as TCustomAttributes),
  });
  return {
    name: into.name ?? from.name,
    email: into.email ?? from.email,
    phone: into.phone ?? from.phone,
    company: into.company ?? from.company,
    // Over the limits together (count, bytes): the kept visitor's own set stays as it was.
    customAttributes: attributes.success ? attributes.data : into.customAttributes,
    firstSeenAt: new Date(Math.min(from.firstSeenAt.getTime(), into.firstSeenAt.getTime())),
  };
}

/**
 * One visitor becomes another, in the caller's transaction: an anonymous visitor identifies as a user who already
 * has a verified visitor (another device; Intercom's model), or an agent merges two contacts (modules/contacts).
 * Their conversations, their messages' authorship, uploads, consent records, emails and contact notes move; the kept
 * visitor's empty labels (name, email, phone, company, custom attributes) take the merged one's, and so does its
 * verified user id when it has none; both audiences hear `conversation.updated` with the `visitorId` change (the
 * kept visitor's open devices get the conversations live); the merged visitor's sessions end and their row is
 * deleted (nothing of them stays apart). Audited as `visitor.merged`, by `actor` (the visitor themselves unless
 * given).
 */
export async function mergeVisitorInto(
  services: Pick<Services, 'principals' | 'bus'>,
  tx: Tx,
  uow: UnitOfWork,
  organizationId: string,
  from: MergedVisitor,
  into: MergedVisitor,
  actor: AuditActor = { kind: 'visitor', organizationId, visitorId: into.id },
): Promise<void> {
  const moved = await tx
    .update(conversations)
    .set({ visitorId: into.id })
    .where(and(eq(conversations.organizationId, organizationId), eq(conversations.visitorId, from.id)))
    .returning();
  if (moved.length > 0)
    await tx
      .update(messages)
      .set({ authorId: into.id })
      .where(
        and(
          eq(messages.organizationId, organizationId),
          inArray(
            messages.conversationId,
            moved.map((c) => c.id),
          ),
          eq(messages.authorType, 'visitor'),
          eq(messages.authorId, from.id),
        ),
      );
  // The organization's row before the visitors' (the contact event below): record-event.ts's lock order.
  await lockForContactEvent(tx, organizationId);
  await tx
    .update(attachments)
    .set({ uploaderId: into.id })
    .where(
      and(
        eq(attachments.organizationId, organizationId),
        eq(attachments.uploaderType, 'visitor'),
        eq(attachments.uploaderId, from.id),
      ),
    );
  await tx
    .update(consentRecords)
    .set({ visitorId: into.id })
    .where(and(eq(consentRecords.organizationId, organizationId), eq(consentRecords.visitorId, from.id)));
  // Follow-up emails queued or sent to them go with their conversations (the row would otherwise go with the visitor).
  await tx
    .update(emailOutbox)
    .set({ visitorId: into.id })
    .where(and(eq(emailOutbox.organizationId, organizationId), eq(emailOutbox.visitorId, from.id)));
  await tx
    .update(visitorNotes)
    .set({ visitorId: into.id })
    .where(and(eq(visitorNotes.organizationId, organizationId), eq(visitorNotes.visitorId, from.id)));
  // Before the events: they carry the kept visitor's labels.
  await tx
    .update(visitors)
    .set(filledLabels(from, into))
    .where(and(eq(visitors.organizationId, organizationId), eq(visitors.id, into.id)));
  for (const conv of moved) await recordConversationEvent(tx, uow, conv, 'updated', ['visitorId', 'visitor']);
  await revokeVisitorSessions(services, tx, { organizationId, visitorId: from.id }, uow);
  await tx.delete(visitors).where(and(eq(visitors.organizationId, organizationId), eq(visitors.id, from.id)));
  // The verified user id moves once its row is gone (it is unique per organization): that user's next session, on
  // any device, finds the kept visitor.
  if (from.externalUserId && !into.externalUserId)
    await tx
      .update(visitors)
      .set({ externalUserId: from.externalUserId })
      .where(and(eq(visitors.organizationId, organizationId), eq(visitors.id, into.id)));
  // The merged visitor's contact events are now the kept one's: erasing them erases those too.
  await tx
    .update(events)
    .set({ visitorId: into.id })
    .where(and(eq(events.organizationId, organizationId), eq(events.visitorId, from.id), isNull(events.visitorSeq)));
  const [kept] = await tx
    .select()
    .from(visitors)
    .where(and(eq(visitors.organizationId, organizationId), eq(visitors.id, into.id)));
  if (kept)
    await recordContactEvent(tx, uow, {
      type: 'contact.updated',
      row: kept,
      changes: [...contactChanges({ ...kept, ...into }, kept), 'merged'],
      mergedFrom: from.id,
    });
  await recordAudit(
    tx,
    actor,
    'visitor.merged',
    { type: 'visitor', id: into.id },
    { from: from.id, conversations: moved.length, manual: actor.kind === 'agent' },
  );
}
