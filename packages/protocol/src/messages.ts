import { z } from 'zod';
import { LIMITS, ZClientId, ZId, ZNonEmptyText, ZTimestamp } from './common.js';

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
  createdAt: ZTimestamp,
});
export type TMessage = z.infer<typeof ZMessage>;

export const ZSendMessageRequest = z.strictObject({
  clientId: ZClientId,
  body: ZNonEmptyText(LIMITS.messageBodyMax),
  type: z.enum(['message', 'note']).default('message'),
});
export type TSendMessageRequest = z.input<typeof ZSendMessageRequest>;

export const ZVisitorSendMessageRequest = z.strictObject({
  clientId: ZClientId,
  body: ZNonEmptyText(LIMITS.messageBodyMax),
});
export type TVisitorSendMessageRequest = z.infer<typeof ZVisitorSendMessageRequest>;

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
