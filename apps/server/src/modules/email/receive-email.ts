import { createHash, randomUUID } from 'node:crypto';
import { LIMITS } from '@oceras/protocol';
import type { Services } from '../../services.js';
import { discardReceivedFiles, type ReceivedFile, storeReceivedFiles } from '../attachments/store-received-files.js';
import { visitorSendMessage } from '../messages/visitor-send-message.js';
import { emailAuthOf } from './authentication-results.js';
import { addThreadMessageId, findThreadByToken, hasThreadMessageId } from './email.repo.js';
import { findInbox } from './email-inboxes.repo.js';
import { appendRefusedFilesLine } from './refused-files-line.js';
import { startEmailConversation } from './start-email-conversation.js';

/** The largest message accepted, by the HTTP route and the SMTP receiver alike. */
export const INBOUND_MAX_BYTES = 25 * 1024 * 1024;

/**
 * A reply address (`reply+<token>@REPLY_DOMAIN`) names its conversation for this many days after the conversation's
 * last activity (any message, a status change). An old email found in a mailbox, forwarded or leaked, cannot add
 * to a conversation long closed; a visitor who answers a live conversation's email keeps it alive. Past it, the
 * reply is refused (HTTP 410, SMTP 550 at RCPT TO) and the sender's mail server tells them.
 */
export const REPLY_TOKEN_TTL_DAYS = 90;

/** Whether a conversation last active at `lastActivityAt` still takes replies by email. */
export const acceptsEmailReplies = (lastActivityAt: Date, now = Date.now()) =>
  now - new Date(lastActivityAt).getTime() <= REPLY_TOKEN_TTL_DAYS * 86_400_000;

export type InboundOutcome =
  | { outcome: 'appended'; conversationId: string; messageId: string }
  | { outcome: 'started'; conversationId: string }
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'refused'; reason: 'unknown-recipient' | 'expired-recipient' | 'wrong-sender' | 'not-configured' };

/** The reply token in an address `reply+<token>@REPLY_DOMAIN`, or null. */
export function replyTokenOf(address: string, replyDomain: string | undefined): string | null {
  if (!replyDomain) return null;
  const m = /^reply\+([A-Za-z0-9_-]{32})@(.+)$/i.exec(address.trim());
  return m && m[2]!.toLowerCase() === replyDomain.toLowerCase() ? m[1]! : null;
}

/** The forwarding token in an address `inbox+<token>@REPLY_DOMAIN`, or null. */
export function inboxTokenOf(address: string, replyDomain: string | undefined): string | null {
  if (!replyDomain) return null;
  const m = /^inbox\+([A-Za-z0-9_-]{32})@(.+)$/i.exec(address.trim());
  return m && m[2]!.toLowerCase() === replyDomain.toLowerCase() ? m[1]! : null;
}

/** The inbox a recipient names (its address, or its forwarding address), or null. */
export const inboxOf = (services: Services, recipient: string) =>
  findInbox(services.db, {
    address: recipient.trim(),
    forwardToken: inboxTokenOf(recipient, services.env.REPLY_DOMAIN),
  });

/**
 * Mail that must never become a message (nor, through one, a follow-up): automatic answers (RFC 3834
 * `Auto-Submitted` other than `no`, and the common X-Autoreply headers), bounces (an empty envelope sender,
 * `Return-Path: <>`), and bulk or list mail (`Precedence: bulk|list|junk`, `List-Id`). Answers why, or null.
 */
export function automaticMailReason(
  header: (name: string) => string | undefined,
  envelopeFrom: string | null | undefined,
): string | null {
  const autoSubmitted = header('auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return 'auto-submitted';
  if (header('x-autoreply') || header('x-autorespond')) return 'auto-reply';
  if (/^(bulk|list|junk)$/i.test(header('precedence')?.trim() ?? '')) return 'bulk or list mail';
  if (header('list-id')) return 'list mail';
  if (envelopeFrom === '' || /^<\s*>$/.test(header('return-path')?.trim() ?? '')) return 'bounce';
  return null;
}

/**
 * One inbound email, from the HTTP route or the SMTP receiver: parsed (mailparser), its conversation found by the
 * reply token of a recipient (the envelope's when the SMTP receiver has one, else To, Cc and Delivered-To), the
 * sender checked against the visitor's email, quoted history and signatures stripped (email-reply-parser), and
 * appended as the visitor's message through the visitor's own command: live to agents, in the event log, webhooks
 * and pushes, idempotent by the email's Message-ID. Never attached elsewhere: an unknown (or erased visitor's)
 * token, an expired one (REPLY_TOKEN_TTL_DAYS) or another sender is refused. With no reply address, an email to one
 * of the organizations' inboxes (its address or its forwarding address) starts a conversation on the email channel
 * (start-email-conversation.ts); once per Message-ID. Automatic mail never does (no loops).
 *
 * Its attachments (inline `cid:` images too) become the message's attachments under the organization's rules
 * (store-received-files.ts), stored before the message's transaction; those refused are named in a system line for
 * agents (refused-files-line.ts), and those no message took (a failure, a resend) are deleted at once. A trusted
 * relay's Authentication-Results (INBOUND_TRUSTED_AUTHSERV_IDS) go on the message as `emailAuth`, for agents.
 */
export async function receiveEmail(
  services: Services,
  raw: Buffer,
  envelope: { from: string | null; recipients: string[] } | null = null,
): Promise<InboundOutcome> {
  const replyDomain = services.env.REPLY_DOMAIN;
  if (!replyDomain) return { outcome: 'refused', reason: 'not-configured' };
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  // Headers as written (mailparser's parsed forms turn `Return-Path: <>` into an empty address list), topmost first.
  const headers = (name: string) =>
    mail.headerLines.filter((h) => h.key === name).map((h) => h.line.slice(h.line.indexOf(':') + 1).trim());
  const header = (name: string): string | undefined => headers(name)[0];
  const automatic = automaticMailReason(header, envelope?.from);
  if (automatic) return { outcome: 'ignored', reason: automatic };

  const addresses = (v: typeof mail.to) =>
    (Array.isArray(v) ? v : v ? [v] : []).flatMap((a) => a.value.map((x) => x.address ?? ''));
  const recipients = envelope?.recipients.length
    ? envelope.recipients
    : [...addresses(mail.to), ...addresses(mail.cc), header('delivered-to') ?? ''];
  const { default: EmailReplyParser } = await import('email-reply-parser');
  const text = (mail.text ?? '').replace(/\r\n/g, '\n');
  const body = new EmailReplyParser().parseReply(text).trim().slice(0, LIMITS.messageBodyMax);
  const files: ReceivedFile[] = mail.attachments.map((a) => ({
    fileName: a.filename,
    claimedType: a.contentType,
    bytes: a.content,
  }));
  const emailAuth = emailAuthOf(headers('authentication-results'), services.env.INBOUND_TRUSTED_AUTHSERV_IDS);
  const messageId = mail.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@inbound>`;
  const clientId = `email-${createHash('sha256').update(messageId).digest('base64url').slice(0, 40)}`;
  const sender = mail.from?.value[0]?.address?.toLowerCase();

  const token = recipients.map((r) => replyTokenOf(r, replyDomain)).find((t) => t !== null);
  if (!token) {
    // No reply address: a new email to one of the organization's inboxes starts a conversation.
    let inbox: Awaited<ReturnType<typeof inboxOf>> = null;
    for (const r of recipients) {
      inbox = r ? await inboxOf(services, r) : null;
      if (inbox) break;
    }
    if (!inbox) return { outcome: 'refused', reason: 'unknown-recipient' };
    if (!sender) return { outcome: 'refused', reason: 'wrong-sender' };
    if (!body && files.length === 0) return { outcome: 'ignored', reason: 'empty' };
    if (await hasThreadMessageId(services.db, inbox.organizationId, messageId))
      return { outcome: 'ignored', reason: 'duplicate' };
    // The visitor's id is chosen now: their files are their uploads, stored before the conversation exists.
    const visitorId = randomUUID();
    const stored = await storeReceivedFiles(services, inbox.organizationId, { type: 'visitor', id: visitorId }, files);
    const started = await startEmailConversation(services, inbox, {
      visitorId,
      from: sender,
      name: mail.from?.value[0]?.name?.trim().slice(0, 100) || null,
      subject: mail.subject ?? null,
      body,
      messageId,
      clientId,
      ...stored,
      emailAuth,
    }).catch(async (err: unknown) => {
      await discardReceivedFiles(services, inbox.organizationId, stored.attachmentIds).catch(() => 0);
      throw err;
    });
    return { outcome: 'started', conversationId: started.conversationId };
  }
  const thread = await findThreadByToken(services.db, token);
  if (!thread) return { outcome: 'refused', reason: 'unknown-recipient' };
  if (!acceptsEmailReplies(thread.last_activity_at)) return { outcome: 'refused', reason: 'expired-recipient' };
  if (!sender || sender !== thread.visitor_email?.toLowerCase()) return { outcome: 'refused', reason: 'wrong-sender' };
  if (!body && files.length === 0) return { outcome: 'ignored', reason: 'empty' };
  const organizationId = thread.organization_id;
  const conversationId = thread.conversation_id;
  // A relay's resend of an email already taken: nothing to store again (the client id covers a resend in flight).
  if (await hasThreadMessageId(services.db, organizationId, messageId))
    return { outcome: 'ignored', reason: 'duplicate' };
  const stored = await storeReceivedFiles(services, organizationId, { type: 'visitor', id: thread.visitor_id }, files);
  try {
    let appendedId: string | null = null;
    if (body || stored.attachmentIds.length > 0) {
      const sent = await visitorSendMessage(
        services,
        { kind: 'visitor', visitorId: thread.visitor_id, organizationId },
        conversationId,
        { clientId, body, attachmentIds: stored.attachmentIds },
        { emailAuth },
      );
      if (sent.isReplay) {
        await discardReceivedFiles(services, organizationId, stored.attachmentIds);
        return { outcome: 'ignored', reason: 'duplicate' };
      }
      appendedId = sent.message.id;
    }
    if (stored.refused.length > 0) {
      const line = await appendRefusedFilesLine(services, organizationId, conversationId, stored.refused);
      appendedId ??= line.agentView.id;
    }
    await addThreadMessageId(services.db, organizationId, conversationId, messageId);
    return { outcome: 'appended', conversationId, messageId: appendedId! };
  } catch (err) {
    await discardReceivedFiles(services, organizationId, stored.attachmentIds).catch(() => 0);
    throw err;
  }
}
