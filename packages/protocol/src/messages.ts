import { z } from 'zod';
import { ZAttachment } from './attachments.js';
import { LIMITS, ZClientId, ZId, ZText, ZTimestamp } from './common.js';
import { EMAIL_AUTH_RESULTS, type TEmailAuth } from './email-auth.js';

export const ZMessageType = z.enum(['message', 'note', 'system']);
export type TMessageType = z.infer<typeof ZMessageType>;
export const ZAuthorType = z.enum(['visitor', 'agent', 'system']);
export type TAuthorType = z.infer<typeof ZAuthorType>;

export const ZMessageAuthor = z.object({
  type: ZAuthorType,
  id: ZId.nullable(),
  name: z.string().nullable(),
  avatarUrl: z.string().nullable(),
});

const ZEmailAuthResult = z.enum(EMAIL_AUTH_RESULTS);
/**
 * An inbound email's SPF, DKIM and DMARC results as a trusted relay reported them (email-auth.ts). Not annotated
 * with `TEmailAuth`: the SDK's declarations are emitted from the inferred types, and a named alias would leave
 * them a name they do not define; the check below keeps the two the same.
 */
export const ZEmailAuth = z.object({
  authservId: z.string(),
  spf: ZEmailAuthResult.optional(),
  dkim: ZEmailAuthResult.optional(),
  dmarc: ZEmailAuthResult.optional(),
});
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const emailAuthIsTEmailAuth: Same<z.infer<typeof ZEmailAuth>, TEmailAuth> = true;
void emailAuthIsTEmailAuth;

export const ZMessage = z.object({
  id: ZId,
  conversationId: ZId,
  /** Per-conversation, gap-free for agents, assigned in the storing transaction. */
  seq: z.number().int(),
  clientId: z.string().nullable(),
  type: ZMessageType,
  author: ZMessageAuthor,
  body: z.string(),
  /** System lines: what happened, for clients that render them in their own words. */
  system: z.record(z.string(), z.unknown()).nullable(),
  /**
   * Files, in the order they were attached, with URLs signed for this reader. Always sent by this server (empty
   * when none); optional because events stored before attachments existed replay without it.
   */
  attachments: z.array(ZAttachment).optional(),
  /**
   * Agents only, on a visitor's message that came by email through a relay the server trusts
   * (INBOUND_TRUSTED_AUTHSERV_IDS): its SPF, DKIM and DMARC results. Never in a visitor's view.
   */
  emailAuth: ZEmailAuth.optional(),
  createdAt: ZTimestamp,
});
export type TMessage = z.infer<typeof ZMessage>;

/** Up to 10 of the author's own finished uploads, each once. */
export const ZAttachmentIds = z
  .array(ZId)
  .max(LIMITS.attachmentsPerMessageMax)
  .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, {
    message: 'an attachment may be attached once',
  });

/** A message is words, files, or both: the body may be empty (or left out) only when files come with it. */
export const hasContent = <S extends z.ZodType<{ body: string; attachmentIds: string[] }>>(schema: S) =>
  schema.refine((m) => m.body.length > 0 || m.attachmentIds.length > 0, {
    message: 'write something or attach a file',
    path: ['body'],
  });
const messageFields = {
  clientId: ZClientId,
  body: ZText(LIMITS.messageBodyMax).trim().default(''),
  attachmentIds: ZAttachmentIds.default([]),
};
/** Without the content rule, for schemas that extend them (zod cannot extend a refined object). */
export const ZSendMessageFields = z.strictObject({
  ...messageFields,
  type: z.enum(['message', 'note']).default('message'),
});
export const ZSendMessageRequest = hasContent(ZSendMessageFields);
export type TSendMessageRequest = z.input<typeof ZSendMessageRequest>;

export const ZVisitorSendMessageFields = z.strictObject(messageFields);
export const ZVisitorSendMessageRequest = hasContent(ZVisitorSendMessageFields);
export type TVisitorSendMessageRequest = z.input<typeof ZVisitorSendMessageRequest>;

export const ZListMessagesQuery = z
  .strictObject({
    /** Newest page first when neither is given; `after` pages forward (catch-up), `before` backward (history). */
    before: z.coerce.number().int().min(1).max(LIMITS.seqMax).optional(),
    after: z.coerce.number().int().min(0).max(LIMITS.seqMax).optional(),
    limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(50),
  })
  .refine((q) => q.before === undefined || q.after === undefined, { message: 'use before or after, not both' });
export type TListMessagesQuery = z.input<typeof ZListMessagesQuery>;

export const ZMessagePage = z.object({
  /** Always in ascending seq order. */
  messages: z.array(ZMessage),
  hasMore: z.boolean(),
});
export type TMessagePage = z.infer<typeof ZMessagePage>;
