import type { TMessage, TSendMessageRequest } from '@oceras/protocol';
import { forbidden } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { recordMentions } from '../agent-notices/record-notices.js';
import { presentAttachmentsOf } from '../attachments/attachment.presenter.js';
import { confirmUploads } from '../attachments/confirm-uploads.js';
import { conversationPolicy } from '../conversations/conversation.policy.js';
import { findConversation } from '../conversations/conversation.repo.js';
import { appendMessageFast } from './append-fast.js';
import { sendMessage } from './send-message.js';

/** A message as its sender sees it, and whether it had been sent before (the same client id). */
export interface Sent {
  message: TMessage;
  isReplay: boolean;
}

/** An agent's reply or note: the same command behind REST and the agent socket. */
export async function agentSendMessage(
  services: Services,
  actor: AgentPrincipal,
  conversationId: string,
  body: Required<Pick<TSendMessageRequest, 'clientId' | 'body' | 'attachmentIds'>> & { type: 'message' | 'note' },
): Promise<Sent> {
  const reader = { kind: 'agents', organizationId: actor.organizationId } as const;
  await confirmUploads(services, actor.organizationId, { type: 'agent', id: actor.agentId }, body.attachmentIds);
  // A note that may mention someone takes the transactional path: its mentions are written with it.
  const mayMention = body.type === 'note' && body.body.includes('@');
  const fast = mayMention
    ? null
    : await appendMessageFast(services, {
        organizationId: actor.organizationId,
        conversationId,
        author: { type: 'agent', id: actor.agentId, mayChangeAny: conversationPolicy.mayChangeAny(actor) },
        type: body.type,
        body: body.body,
        clientId: body.clientId,
        attachmentIds: body.attachmentIds,
      });
  if (fast) return { message: presentAttachmentsOf(fast.agentView, services.fileUrls, reader), isReplay: false };
  // Not the common case (unknown conversation, a colleague's, a repeated client id, an attachment that cannot be
  // attached, a note mentioning someone): the full path says why.
  const conv = await findConversation(services.db, actor.organizationId, conversationId);
  const allowed =
    body.type === 'note' ? conversationPolicy.canNote(actor, conv) : conversationPolicy.canChange(actor, conv);
  if (!allowed) throw forbidden('this conversation is assigned to a colleague: add a note instead');
  const written = await sendMessage(
    services,
    {
      organizationId: actor.organizationId,
      conversationId: conv.id,
      type: body.type,
      author: { type: 'agent', id: actor.agentId },
      body: body.body,
      clientId: body.clientId,
      attachmentIds: body.attachmentIds,
    },
    mayMention
      ? (tx, uow, w) =>
          recordMentions(tx, uow, services, {
            organizationId: actor.organizationId,
            conversationId: conv.id,
            messageId: w.agentView.id,
            authorId: actor.agentId,
            body: body.body,
          })
      : undefined,
  );
  return {
    message: presentAttachmentsOf(written.agentView, services.fileUrls, reader),
    isReplay: written.isReplay === true,
  };
}
