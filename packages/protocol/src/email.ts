import { z } from 'zod';
import { LIMITS, ZCursor, ZEmail, ZId, ZTimestamp } from './common.js';

/**
 * What an email is for: a visitor's follow-up with the replies they missed; a conversation's transcript (on
 * resolve when the visitor asked for it, or sent by an agent); an agent's notice (assigned conversations and
 * mentions they missed while offline, modules/agent-notices); a request to rate a resolved conversation, sent when the
 * visitor had left (modules/satisfaction/rating-email.ts).
 */
export const ZEmailKind = z.enum(['followup', 'transcript', 'agent_notice', 'rating']);
export type TEmailKind = z.infer<typeof ZEmailKind>;

/**
 * `pending`: queued or being retried; `sent`: the SMTP relay accepted it; `bounced`: refused for good (a 5xx
 * answer), never retried; `failed`: temporary failures until the attempts ran out; `cancelled`: withdrawn before
 * it left (the visitor was erased, unsubscribed, or read the replies meanwhile).
 */
export const ZEmailDeliveryStatus = z.enum(['pending', 'sent', 'bounced', 'failed', 'cancelled']);
export type TEmailDeliveryStatus = z.infer<typeof ZEmailDeliveryStatus>;

/** One email of the organization's outbound queue, as admins see it in the delivery log (never its body). */
export const ZEmailDelivery = z.object({
  id: z.string(),
  kind: ZEmailKind,
  recipient: z.string(),
  subject: z.string(),
  status: ZEmailDeliveryStatus,
  attempts: z.number().int(),
  /** The last SMTP answer or network error of a failed attempt. */
  lastError: z.string().nullable(),
  /** The stable Message-ID: the same on every attempt, so a resend is recognisable. */
  messageId: z.string(),
  conversationId: ZId.nullable(),
  createdAt: ZTimestamp,
  nextAttemptAt: ZTimestamp.nullable(),
  sentAt: ZTimestamp.nullable(),
});
export type TEmailDelivery = z.infer<typeof ZEmailDelivery>;

export const ZEmailDeliveryQuery = z.strictObject({
  /** Newest first; pass `nextCursor` for the next (older) page. */
  cursor: ZCursor.optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(50),
});
export type TEmailDeliveryQuery = z.input<typeof ZEmailDeliveryQuery>;
export const ZEmailDeliveryPage = z.object({
  deliveries: z.array(ZEmailDelivery),
  nextCursor: z.string().nullable(),
});
export type TEmailDeliveryPage = z.infer<typeof ZEmailDeliveryPage>;

/** The widget's "Email me a transcript" switch: the transcript leaves when the conversation is resolved. */
export const ZSetTranscriptRequest = z.strictObject({ emailTranscript: z.boolean() });
export type TSetTranscriptRequest = z.infer<typeof ZSetTranscriptRequest>;

/** An agent's "Send transcript": queued for the visitor's email (follow it in the delivery log). */
export const ZTranscriptQueued = z.object({ recipient: z.string() });
export type TTranscriptQueued = z.infer<typeof ZTranscriptQueued>;

/**
 * An email inbox of the organization: new emails to `address` (when the domain's MX points at Oceras' SMTP
 * receiver) or to `forwardingAddress` (where the organization forwards `address`; null while the server has no
 * REPLY_DOMAIN) start conversations on the `email` channel.
 */
export const ZEmailInbox = z.object({
  id: ZId,
  address: z.string(),
  forwardingAddress: z.string().nullable(),
  createdAt: ZTimestamp,
});
export type TEmailInbox = z.infer<typeof ZEmailInbox>;
export const ZEmailInboxList = z.object({ inboxes: z.array(ZEmailInbox) });
export const ZCreateEmailInboxRequest = z.strictObject({ address: ZEmail });
export type TCreateEmailInboxRequest = z.infer<typeof ZCreateEmailInboxRequest>;
