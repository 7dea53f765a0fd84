import type { TEmailAuth } from '@oceras/protocol';
import { notFound } from '../../lib/errors.js';
import type { VisitorPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { presentAttachmentsOf } from '../attachments/attachment.presenter.js';
import { confirmUploads } from '../attachments/confirm-uploads.js';
import { replyToVisitor } from '../auto-replies/reply-to-visitor.js';
import { findVisitorConversation } from '../conversations/conversation.repo.js';
import type { Sent } from './agent-send-message.js';
import { appendMessageFast } from './append-fast.js';
import { sendMessage } from './send-message.js';

/**
 * A visitor's message in one of their own conversations: behind REST, the visitor socket and inbound email (which
 * adds the relay's `emailAuth`, for agents).
 */
export async function visitorSendMessage(
  services: Services,
  actor: VisitorPrincipal,
  conversationId: string,
  body: { clientId: string; body: string; attachmentIds: string[] },
  fromEmail: { emailAuth: TEmailAuth | null } | null = null,
): Promise<Sent> {
  const reader = { kind: 'visitor', visitorId: actor.visitorId } as const;
  await confirmUploads(services, actor.organizationId, { type: 'visitor', id: actor.visitorId }, body.attachmentIds);
  const fast = await appendMessageFast(services, {
    organizationId: actor.organizationId,
    conversationId,
    author: { type: 'visitor', id: actor.visitorId },
    type: 'message',
    body: body.body,
    clientId: body.clientId,
    attachmentIds: body.attachmentIds,
    emailAuth: fromEmail?.emailAuth ?? null,
  });
  if (fast?.visitorView) {
    const { seq, createdAt } = fast.visitorView;
    replyToVisitor(services, actor.organizationId, conversationId, { kind: 'message', seq, createdAt });
    return { message: presentAttachmentsOf(fast.visitorView, services.fileUrls, reader), isReplay: false };
  }
  // Not the common case (unknown conversation, resolved or snoozed, a repeated client id, an attachment that
  // cannot be attached): the full path.
  const conv = await findVisitorConversation(services.db, actor.organizationId, actor.visitorId, conversationId);
  const written = await sendMessage(services, {
    organizationId: actor.organizationId,
    conversationId: conv.id,
    type: 'message',
    author: { type: 'visitor', id: actor.visitorId },
    body: body.body,
    clientId: body.clientId,
    attachmentIds: body.attachmentIds,
    emailAuth: fromEmail?.emailAuth ?? null,
  });
  if (!written.visitorView) throw notFound('message');
  const { seq, createdAt } = written.visitorView;
  // A replay is not new activity from the visitor: no automatic reply for it.
  if (written.isReplay !== true)
    replyToVisitor(services, actor.organizationId, conv.id, { kind: 'message', seq, createdAt });
  return {
    message: presentAttachmentsOf(written.visitorView, services.fileUrls, reader),
    isReplay: written.isReplay === true,
  };
}
