import type { TMessage } from '@oceras/protocol';
import type { messages } from '../../db/schema.js';

export type MessageRow = typeof messages.$inferSelect;
export interface AuthorLabel {
  name: string | null;
  avatarUrl: string | null;
}

/** What inbox lists show of a message: its first 140 characters. */
export const preview = (body: string) => (body.length > 140 ? `${body.slice(0, 139)}…` : body);

export const presentMessage = (m: MessageRow, author: AuthorLabel | null): TMessage => ({
  id: m.id,
  conversationId: m.conversationId,
  seq: m.seq,
  clientId: m.clientId,
  type: m.type,
  author: { type: m.authorType, id: m.authorId, name: author?.name ?? null, avatarUrl: author?.avatarUrl ?? null },
  body: m.body,
  system: (m.system as Record<string, unknown> | null) ?? null,
  createdAt: m.createdAt.toISOString(),
});

/** Visitors never see notes or system lines, nor agents' ids. */
export const presentMessageForVisitor = (m: MessageRow, author: AuthorLabel | null): TMessage | null =>
  m.type !== 'message'
    ? null
    : {
        ...presentMessage(m, author),
        author: {
          type: m.authorType,
          id: m.authorType === 'visitor' ? m.authorId : null,
          name: author?.name ?? null,
          avatarUrl: author?.avatarUrl ?? null,
        },
      };
