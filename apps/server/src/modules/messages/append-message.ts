import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { conversations, messages, readCursors } from '../../db/schema.js';
import { recordEvent, type UnitOfWork } from '../../events/record-event.js';
import { AppError, notFound } from '../../lib/errors.js';
import { recordConversationEvent } from '../conversations/conversation-events.js';
import {
  type AuthorLabel,
  type MessageRow,
  presentMessage,
  presentMessageForVisitor,
  preview,
} from './message.presenter.js';

export interface AppendInput {
  organizationId: string;
  conversationId: string;
  type: 'message' | 'note' | 'system';
  author: { type: 'visitor' | 'agent' | 'system'; id: string | null; label: AuthorLabel | null };
  body: string;
  clientId: string | null;
  system?: Record<string, unknown>;
}

/**
 * Appends one message inside the caller's transaction: locks the conversation row by bumping its sequence (so
 * sequences are gap-free and ordered), answers a repeated client id with the stored message, updates status
 * and timers, and records the events. Rules (SPEC.md R1, R2): a visitor message reopens a resolved or snoozed
 * conversation; notes never reach the visitor.
 */
export async function appendMessage(
  tx: Tx,
  uow: UnitOfWork,
  input: AppendInput,
): Promise<{ row: MessageRow; isNew: boolean }> {
  const isVisitor = input.author.type === 'visitor';
  const isReply = input.author.type === 'agent' && input.type === 'message';
  const isPublic = input.type === 'message';
  const [conv] = await tx
    .update(conversations)
    .set({
      lastMessageSeq: sql`${conversations.lastMessageSeq} + 1`,
      lastActivityAt: sql`now()`,
      ...(input.type !== 'system' ? { lastMessagePreview: preview(input.body) } : {}),
      ...(isPublic
        ? {
            lastPublicMessageSeq: sql`${conversations.lastMessageSeq} + 1`,
            lastPublicMessagePreview: preview(input.body),
          }
        : {}),
      ...(isVisitor
        ? {
            waitingSince: sql`coalesce(${conversations.waitingSince}, now())`,
            status: sql`case when ${conversations.status} in ('resolved', 'snoozed') then 'open' else ${conversations.status} end`,
            snoozedUntil: sql`case when ${conversations.status} in ('resolved', 'snoozed') then null else ${conversations.snoozedUntil} end`,
          }
        : {}),
      ...(isReply
        ? {
            waitingSince: null,
            firstReplyAt: sql`coalesce(${conversations.firstReplyAt}, now())`,
            // The first agent to answer an unassigned conversation takes it, unless the organization turned it off.
            assigneeId: sql`case when ${conversations.assigneeId} is null and (select o.auto_assign_on_reply from organizations o where o.id = ${input.organizationId}) then ${input.author.id}::uuid else ${conversations.assigneeId} end`,
          }
        : {}),
    })
    .where(and(eq(conversations.organizationId, input.organizationId), eq(conversations.id, input.conversationId)))
    .returning({
      row: conversations,
      previousStatus: sql<string>`(select status from conversations where id = ${input.conversationId})`,
      previousAssigneeId: sql<
        string | null
      >`(select assignee_id from conversations where id = ${input.conversationId})`,
    });
  if (!conv) throw notFound('conversation');

  if (input.clientId) {
    const [existing] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, input.conversationId), eq(messages.clientId, input.clientId)));
    if (existing) {
      if (existing.authorType !== input.author.type || existing.authorId !== input.author.id) {
        throw new AppError('CLIENT_ID_CONFLICT', 'this client id belongs to another message');
      }
      // A retry: nothing changes, the transaction rolls back the bump by throwing a marker the caller catches.
      throw new DuplicateMessage(existing);
    }
  }

  const c = conv.row;
  const [row] = await tx
    .insert(messages)
    .values({
      organizationId: input.organizationId,
      conversationId: input.conversationId,
      seq: c.lastMessageSeq,
      clientId: input.clientId,
      type: input.type,
      authorType: input.author.type,
      authorId: input.author.id,
      body: input.body,
      system: input.system ?? null,
    })
    .returning();
  if (!row) throw new Error('message insert returned nothing');

  if (input.author.type === 'agent' && input.author.id) {
    await tx
      .insert(readCursors)
      .values({
        agentId: input.author.id,
        conversationId: c.id,
        organizationId: input.organizationId,
        lastReadSeq: row.seq,
      })
      .onConflictDoUpdate({ target: [readCursors.agentId, readCursors.conversationId], set: { lastReadSeq: row.seq } });
  }

  const visitorView = presentMessageForVisitor(row, input.author.label);
  await recordEvent(tx, uow, input.organizationId, {
    type: 'message.created',
    conversationId: c.id,
    payload: presentMessage(row, input.author.label),
    visitor: visitorView ? { id: c.visitorId, payload: visitorView } : null,
  });
  const reopened =
    isVisitor && c.status === 'open' && conv.previousStatus !== 'open' && conv.previousStatus !== 'pending';
  // Inbox clients derive preview and activity from message.created; only a status change needs its own event.
  if (reopened) await recordConversationEvent(tx, uow, c, 'updated', ['status']);
  if (isReply && conv.previousAssigneeId === null && c.assigneeId !== null) {
    await appendMessage(tx, uow, {
      organizationId: input.organizationId,
      conversationId: c.id,
      type: 'system',
      author: { type: 'system', id: null, label: null },
      body: 'Conversation assigned',
      clientId: null,
      system: { action: 'assigned', from: null, to: c.assigneeId, by: c.assigneeId, reason: 'replied' },
    });
    const [fresh] = await tx.select().from(conversations).where(eq(conversations.id, c.id));
    await recordConversationEvent(tx, uow, fresh ?? c, 'updated', ['assigneeId']);
  }
  return { row, isNew: true };
}

/** Thrown inside a transaction to roll back the sequence bump when a client id repeats. */
export class DuplicateMessage extends Error {
  constructor(readonly row: MessageRow) {
    super('duplicate client id');
  }
}
