import { z } from 'zod';
import { ZCursor, ZId, ZTimestamp } from './common.js';
import { NOTICE_KINDS, RATING_SCALES } from './notices.js';

export const ZRatingScale = z.enum(RATING_SCALES);

/** Notice kinds, comma-separated (`mention,low_rating`). */
const kindAlternatives = NOTICE_KINDS.join('|');
export const ZNoticeKinds = z.string().regex(new RegExp(`^(${kindAlternatives})(,(${kindAlternatives}))*$`));

/**
 * A mention of the signed-in agent in a colleague's internal note (issue 17), or (`kind: 'low_rating'`, when the
 * client asks for it) a visitor's low rating the agent is told of (issue 18). Visitors never see notes, so no
 * visitor route or event carries one. `excerpt` is the note's beginning; the note itself stays in the thread.
 */
export const ZMention = z.object({
  id: ZId,
  /** Absent (an older server): a mention. */
  kind: z.enum(NOTICE_KINDS).optional(),
  conversationId: ZId,
  conversationNumber: z.number().int(),
  messageId: ZId,
  author: z.object({ id: ZId, name: z.string() }).nullable(),
  /** A mention: the note's beginning. A low rating: the visitor's comment, or empty. */
  excerpt: z.string(),
  /** A low rating's score and scale (the apps say it in their words); null for a mention. */
  rating: z.object({ score: z.number().int(), scale: ZRatingScale }).nullable().optional(),
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
  /**
   * The kinds to list and count, comma-separated (`mention,low_rating`); absent, mentions only (what older
   * clients expect).
   */
  kinds: ZNoticeKinds.optional(),
});
export type TListMentionsQuery = z.input<typeof ZListMentionsQuery>;

export const ZMentionPage = z.object({
  mentions: z.array(ZMention),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});
export type TMentionPage = z.infer<typeof ZMentionPage>;

/**
 * Marks the caller's notices of `kinds` (as the list's query; absent, mentions only) read: in one conversation, or
 * all of them when `conversationId` is absent. The answer counts those left unread, of the same kinds.
 */
export const ZMarkMentionsReadRequest = z.strictObject({
  conversationId: ZId.optional(),
  kinds: ZNoticeKinds.optional(),
});
export type TMarkMentionsReadRequest = z.infer<typeof ZMarkMentionsReadRequest>;
export const ZMarkMentionsReadResponse = z.object({ unreadCount: z.number().int() });
