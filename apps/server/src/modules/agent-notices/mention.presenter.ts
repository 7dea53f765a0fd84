import type { TMention } from '@oceras/protocol';
import { shorten } from '../push/push-recipients.js';
import type { MentionRow } from './agent-notices.repo.js';

/** A mention as the mentioned agent sees it: the note's beginning, not the whole note. */
export function presentMention(row: MentionRow): TMention {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    conversationNumber: row.conversation_number,
    messageId: row.message_id,
    author: row.author_id ? { id: row.author_id, name: row.author_name ?? '' } : null,
    excerpt: shorten(row.body),
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  };
}
