import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { attachments, consentRecords, conversations, messages, visitors } from '../../db/schema.js';
import type { UnitOfWork } from '../../events/record-event.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import { recordConversationEvent } from '../conversations/conversation-events.js';
import { revokeVisitorSessions } from '../widget/visitor-sessions.js';

/**
 * An anonymous visitor identifies as a user who already has a verified visitor (another device): what the anonymous
 * one had becomes the verified one's (Intercom's model), in the caller's transaction. Their conversations, their
 * messages' authorship, uploads and consent records move; both audiences hear `conversation.updated` with the
 * `visitorId` change (the verified visitor's open devices get the conversations live); the anonymous visitor's
 * sessions end and their row is deleted (nothing of them stays apart). Audited as `visitor.merged`.
 */
export async function mergeVisitorInto(
  services: Pick<Services, 'principals' | 'bus'>,
  tx: Tx,
  uow: UnitOfWork,
  organizationId: string,
  from: { id: string; name: string | null; email: string | null },
  into: { id: string; name: string | null; email: string | null },
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
  // Labels the anonymous visitor gave (the pre-chat form) fill the verified visitor's empty ones.
  if ((!into.name && from.name) || (!into.email && from.email))
    await tx
      .update(visitors)
      .set({ name: into.name ?? from.name, email: into.email ?? from.email })
      .where(and(eq(visitors.organizationId, organizationId), eq(visitors.id, into.id)));
  for (const conv of moved) await recordConversationEvent(tx, uow, conv, 'updated', ['visitorId', 'visitor']);
  await revokeVisitorSessions(services, tx, { organizationId, visitorId: from.id }, uow);
  await tx.delete(visitors).where(and(eq(visitors.organizationId, organizationId), eq(visitors.id, from.id)));
  await recordAudit(
    tx,
    { kind: 'visitor', organizationId, visitorId: into.id },
    'visitor.merged',
    { type: 'visitor', id: into.id },
    { from: from.id, conversations: moved.length },
  );
}
