import type { TConversationBase, TConversationRating, TVisitorConversation } from '@oceras/protocol';
import type { conversations } from '../../db/schema.js';

export type ConversationRow = typeof conversations.$inferSelect;
export interface VisitorLabel {
  id: string;
  name: string | null;
  email: string | null;
  /** Erased (privacy policy §7): the apps show "Erased visitor" and offer notes only. */
  isErased: boolean;
}

/** What every agent of the organization sees. */
export const presentConversation = (c: ConversationRow, visitor: VisitorLabel): TConversationBase => ({
  id: c.id,
  number: c.number,
  status: c.status,
  snoozedUntil: c.snoozedUntil?.toISOString() ?? null,
  priority: c.priority,
  assigneeId: c.assigneeId,
  teamId: c.teamId,
  channel: c.channel,
  tags: c.tags,
  subject: c.subject,
  visitor,
  lastMessagePreview: c.lastMessagePreview,
  lastMessageSeq: c.lastMessageSeq,
  lastActivityAt: c.lastActivityAt.toISOString(),
  waitingSince: c.waitingSince?.toISOString() ?? null,
  firstReplyAt: c.firstReplyAt?.toISOString() ?? null,
  rating: presentRating(c),
  customFields: c.customFields,
  createdAt: c.createdAt.toISOString(),
  version: c.version,
});

/** The visitor's view: no notes' previews, no tags, priority or internal numbers. */
export const presentVisitorConversation = (
  c: ConversationRow,
  assignee: { name: string; avatarUrl: string | null } | null,
): TVisitorConversation => ({
  id: c.id,
  status: c.status,
  assignee,
  lastMessagePreview: c.lastPublicMessagePreview,
  lastActivityAt: c.lastActivityAt.toISOString(),
  createdAt: c.createdAt.toISOString(),
  agentLastReadSeq: c.agentLastReadSeq,
  rating: presentRating(c),
  emailTranscript: c.emailTranscript,
});

export function presentRating(c: ConversationRow): TConversationRating | null {
  return c.ratingScore !== null && c.ratedAt
    ? { score: c.ratingScore, comment: c.ratingComment, ratedAt: c.ratedAt.toISOString() }
    : null;
}
