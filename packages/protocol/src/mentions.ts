import { z } from 'zod';
import { ZCursor, ZId, ZTimestamp } from './common.js';

/**
 * A mention of the signed-in agent in a colleague's internal note (issue 17). Visitors never see notes, so no
 * visitor route or event carries one. `excerpt` is the note's beginning; the note itself stays in the thread.
 */
export const ZMention = z.object({
  id: ZId,
  conversationId: ZId,
  conversationNumber: z.number().int(),
  messageId: ZId,
  author: z.object({ id: ZId, name: z.string() }).nullable(),
  excerpt: z.string(),
  createdAt: ZTimestamp,
  readAt: ZTimestamp.nullable(),
});
export type TMention = z.infer<typeof ZMention>;

export const ZListMentionsQuery = z.strictObject({
  /** Only the unread ones. */
  unread: z.enum(['true', 'false']).optional(),
  /** Newest first; pass `nextCursor` for the next (older) page. */
  cursor: ZCursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type TListMentionsQuery = z.input<typeof ZListMentionsQuery>;

export const ZMentionPage = z.object({
  mentions: z.array(ZMention),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});
export type TMentionPage = z.infer<typeof ZMentionPage>;

/** Marks the caller's mentions read: in one conversation, or all of them when `conversationId` is absent. */
export const ZMarkMentionsReadRequest = z.strictObject({ conversationId: ZId.optional() });
export type TMarkMentionsReadRequest = z.infer<typeof ZMarkMentionsReadRequest>;
export const ZMarkMentionsReadResponse = z.object({ unreadCount: z.number().int() });
