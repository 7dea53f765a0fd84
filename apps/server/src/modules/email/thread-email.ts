import { randomBytes } from 'node:crypto';
import type { Tx } from '../../db/client.js';
import type { CoreServices } from '../../services.js';
import { enqueueEmail, type QueuedEmail } from './email.repo.js';
import { unsubscribeKey } from './unsubscribe-link.js';

type Env = CoreServices['env'];

/** The path of the one-click unsubscribe (plugins/email-routes.ts). */
export const UNSUBSCRIBE_PATH = '/api/v1/email/unsubscribe';

/** The domain of the server's Message-IDs: the reply domain, else PUBLIC_URL's host. */
export const messageIdDomain = (env: Env) => env.REPLY_DOMAIN ?? new URL(env.PUBLIC_URL).hostname;

/** A conversation's reply token: unguessable, 32 characters (receive-email.ts reads this shape). */
export const newReplyToken = () => randomBytes(24).toString('base64url');

export const unsubscribeUrl = (env: Env, conversationId: string) =>
  `${env.PUBLIC_URL.replace(/\/$/, '')}${UNSUBSCRIBE_PATH}/${unsubscribeKey(env.JWT_SECRET, conversationId)}`;

/**
 * The headers of every email of a conversation's thread (follow-ups, transcripts): `In-Reply-To` and `References`
 * (the thread's earlier emails, so mail clients thread them), `Reply-To` with the thread's token (replies come back
 * to the conversation), one-click `List-Unsubscribe`, and `Auto-Submitted` on automatic ones (RFC 3834:
 * auto-responders must not answer them, so no loops).
 */
export function threadHeaders(
  env: Env,
  t: {
    conversationId: string;
    conversationNumber: number;
    replyToken: string;
    messageIds: readonly string[];
    /** A follow-up or a transcript (RFC 3834 `Auto-Submitted`), not an agent's own answer on the email channel. */
    isAutomatic: boolean;
  },
): Record<string, string> {
  const previous = t.messageIds.slice(-10);
  return {
    ...(previous.length > 0 && { 'In-Reply-To': previous.at(-1)!, References: previous.join(' ') }),
    ...(env.REPLY_DOMAIN && { 'Reply-To': `reply+${t.replyToken}@${env.REPLY_DOMAIN}` }),
    'List-Unsubscribe': `<${unsubscribeUrl(env, t.conversationId)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    ...(t.isAutomatic && { 'Auto-Submitted': 'auto-generated' }),
    'X-Oceras-Conversation': String(t.conversationNumber),
  };
}

/** A thread as the passes read it (email.repo.ts's DueThread and DueTranscript). */
export interface ThreadRow {
  organization_id: string;
  conversation_id: string;
  conversation_number: number;
  visitor_id: string;
  visitor_email: string | null;
  message_ids: string[];
}

/** Queues one email of the thread to its visitor, with the thread's headers (`threadHeaders`). */
export function enqueueThreadEmail(
  tx: Tx,
  env: Env,
  t: ThreadRow,
  mail: Pick<QueuedEmail, 'kind' | 'subject' | 'text' | 'html' | 'messageId'> & {
    replyToken: string;
    isAutomatic: boolean;
  },
) {
  const { replyToken, isAutomatic, ...rest } = mail;
  return enqueueEmail(tx, t.organization_id, {
    ...rest,
    conversationId: t.conversation_id,
    visitorId: t.visitor_id,
    recipient: t.visitor_email!,
    headers: threadHeaders(env, {
      conversationId: t.conversation_id,
      conversationNumber: t.conversation_number,
      replyToken,
      messageIds: t.message_ids,
      isAutomatic,
    }),
  });
}
