import { REOPENED_BY_VISITOR } from '@oceras/protocol';
import { and, eq } from 'drizzle-orm';
import { query, type Tx } from '../../db/client.js';
import { conversations, messages, organizations, visitors } from '../../db/schema.js';
import type { UnitOfWork } from '../../events/record-event.js';
import { AppError, notFound } from '../../lib/errors.js';
import { changeConversation } from '../conversations/change-conversation.js';
import { conversationPolicy } from '../conversations/conversation.policy.js';
import { appendKind, attachable, bind, type MessageDraftInput } from './append-statement.js';
import type { MessageRow } from './message.presenter.js';
import { type Written, writeMessage } from './write-message.js';

export type AppendInput = MessageDraftInput & { type: 'message' | 'note' };

/**
 * The transactional path of a visitor's or an agent's message, for every case the one statement leaves
 * (append-fast.ts): locks the conversation, answers a repeated client id with the stored message, writes the
 * message (append-statement.ts, the same definition as the fast path), then makes the changes it causes through
 * change-conversation.ts: a visitor's message reopens a resolved, snoozed or pending one (REOPENED_BY_VISITOR), the first
 * answer to an unassigned conversation assigns it to its author when the organization says so. Notes never reach
 * the visitor (R2); no public message reaches an erased visitor's conversation (`VISITOR_ERASED`, the reply
 * policy's `acceptsPublicMessages`, which the other paths' guards apply in SQL). Authorization is the caller's.
 */
export async function appendMessage(tx: Tx, uow: UnitOfWork, input: AppendInput): Promise<Written> {
  const [locked] = await tx
    .select({
      conv: conversations,
      autoAssignOnReply: organizations.autoAssignOnReply,
      visitorErasedAt: visitors.erasedAt,
    })
    .from(conversations)
    .innerJoin(organizations, eq(organizations.id, conversations.organizationId))
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .where(and(eq(conversations.organizationId, input.organizationId), eq(conversations.id, input.conversationId)))
    .for('update', { of: conversations });
  if (!locked) throw notFound('conversation');
  const kind = appendKind(input);
  if (
    (kind === 'reply' || kind === 'visitor') &&
    !conversationPolicy.acceptsPublicMessages({ erasedAt: locked.visitorErasedAt })
  )
    throw new AppError(
      'VISITOR_ERASED',
      'this visitor’s data was erased, so nobody can read a reply; you can still add an internal note',
    );

  if (input.clientId) {
    const [existing] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, input.conversationId), eq(messages.clientId, input.clientId)));
    if (existing) {
      if (existing.authorType !== input.author.type || existing.authorId !== input.author.id) {
        throw new AppError('CLIENT_ID_CONFLICT', 'this client id belongs to another message');
      }
      // A retry: nothing is written; the caller answers with the stored message.
      throw new DuplicateMessage(existing);
    }
  }

  await lockAttachments(tx, input);
  const written = await writeMessage(tx, uow, input);
  const { conv } = locked;
  if (input.author.type === 'visitor' && REOPENED_BY_VISITOR.includes(conv.status)) {
    await changeConversation(
      tx,
      uow,
      conv,
      { status: 'open', snoozedUntil: null },
      { by: null, reason: 'visitor_wrote' },
    );
  }
  if (
    input.author.type === 'agent' &&
    input.type === 'message' &&
    conv.assigneeId === null &&
    locked.autoAssignOnReply
  ) {
    await changeConversation(
      tx,
      uow,
      conv,
      { assigneeId: input.author.id },
      { by: input.author.id, reason: 'replied' },
    );
  }
  return written;
}

/**
 * The message's attachments, locked (after the conversation: the append's lock order), or the reason it cannot
 * have them. The append statement checks the same rule again and writes nothing if it does not hold.
 */
async function lockAttachments(tx: Tx, input: AppendInput) {
  const ids = input.attachmentIds ?? [];
  if (ids.length === 0) return;
  const rule = attachable('a', '$2', appendKind(input), '$3');
  const rows = await query(
    tx,
    bind(`select a.id from attachments a where a.id = any($1::uuid[]) and ${rule} order by a.id for update`, [
      ids,
      input.organizationId,
      input.author.id,
    ]),
  );
  if (rows.length !== ids.length)
    throw new AppError(
      'ATTACHMENT_UNAVAILABLE',
      'an attachment is not your finished upload in this organization, or is already attached',
    );
}

/** Thrown inside a transaction when a client id repeats: nothing was written, the stored message is the answer. */
export class DuplicateMessage extends Error {
  constructor(readonly row: MessageRow) {
    super('duplicate client id');
  }
}
