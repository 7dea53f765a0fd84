import { LIMITS, type TEmailAuth } from '@oceras/protocol';
import { inTransaction } from '../../db/transaction.js';
import type { Services } from '../../services.js';
import type { RefusedFile } from '../attachments/store-received-files.js';
import { recordContactEvent } from '../contacts/contact-events.js';
import { insertConversation } from '../conversations/conversation.repo.js';
import { recordConversationEvent } from '../conversations/conversation-events.js';
import { appendMessage } from '../messages/append-message.js';
import { insertEmailVisitor, insertThread } from './email.repo.js';
import type { EmailInboxRow } from './email-inboxes.repo.js';
import { writeRefusedFilesLine } from './refused-files-line.js';
import { newReplyToken } from './thread-email.js';

/**
 * A new email to one of the organization's inboxes: a visitor labelled with the sender's address and name (a label
 * only: no widget session, so it never opens anyone's chat history), a conversation on the `email` channel with the
 * email's subject, the email's text and files as the visitor's first message (the files refused named in a system
 * line after it), and the thread (a reply token, the email's
 * Message-ID for In-Reply-To), in one transaction; agents see it live (`conversation.created`, `message.created`).
 */
export async function startEmailConversation(
  services: Services,
  inbox: EmailInboxRow,
  mail: {
    /** Chosen by the caller, who stored the email's files as this visitor's uploads. */
    visitorId: string;
    from: string;
    name: string | null;
    subject: string | null;
    body: string;
    messageId: string;
    clientId: string;
    attachmentIds: string[];
    refused: RefusedFile[];
    emailAuth: TEmailAuth | null;
  },
) {
  const organizationId = inbox.organizationId;
  return inTransaction(services, async (tx, uow) => {
    const visitor = await insertEmailVisitor(tx, organizationId, {
      id: mail.visitorId,
      email: mail.from,
      name: mail.name,
    });
    await recordContactEvent(tx, uow, { type: 'contact.created', row: visitor });
    const c = await insertConversation(tx, organizationId, {
      visitorId: visitor.id,
      clientId: mail.clientId,
      channel: 'email',
      emailInboxId: inbox.id,
      subject: mail.subject?.trim().slice(0, LIMITS.subjectMax) || null,
      waitingSince: new Date(),
    });
    await recordConversationEvent(tx, uow, c, 'created');
    if (mail.body || mail.attachmentIds.length > 0)
      await appendMessage(tx, uow, {
        organizationId,
        conversationId: c.id,
        type: 'message',
        author: { type: 'visitor', id: visitor.id },
        body: mail.body,
        clientId: mail.clientId,
        attachmentIds: mail.attachmentIds,
        emailAuth: mail.emailAuth,
      });
    if (mail.refused.length > 0) await writeRefusedFilesLine(tx, uow, organizationId, c.id, mail.refused);
    await insertThread(tx, organizationId, c.id, { replyToken: newReplyToken(), messageId: mail.messageId });
    return { conversationId: c.id, visitorId: visitor.id };
  });
}
