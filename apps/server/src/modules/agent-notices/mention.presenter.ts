import type { TMention } from '@oceras/protocol';
import { shorten } from '../push/push-recipients.js';
import type { MentionRow } from './agent-notices.repo.js';

/**
 * A row of the agent's Mentions list: a mention (the note's beginning, not the whole note) or a low rating (the
 * visitor's comment, the score and its scale).
 */
export function presentMention(row: MentionRow): TMention {
  return {
    id: row.id,
    kind: row.kind,
    conversationId: row.conversation_id,
    conversationNumber: row.conversation_number,
    messageId: row.message_id,
    author: row.author_id ? { id: row.author_id, name: row.author_name ?? '' } : null,
    excerpt: shorten(row.body),
    rating:
      row.kind === 'low_rating' && row.rating_score !== null
        ? { score: row.rating_score, scale: row.rating_scale === 'faces' ? 'faces' : 'stars' }
        : null,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  };
}
