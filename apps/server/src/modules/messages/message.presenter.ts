import type { TEmailAuth, TMessage } from '@oceras/protocol';
import type { messages } from '../../db/schema.js';
import type { StoredAttachment } from '../attachments/attachment.presenter.js';

export type MessageRow = typeof messages.$inferSelect;
export interface AuthorLabel {
  name: string | null;
  avatarUrl: string | null;
}

/** What inbox lists show of a message: its first 140 characters. */
/**
 * A message's line in the inbox: its words, cut at 140, or for files alone a paperclip and their count, which reads
 * the same in every language the apps show it in.
 */
export const preview = (body: string, files = 0) => {
  if (!body && files) return files === 1 ? '📎' : `📎 ×${files}`;
  return body.length > 140 ? `${body.slice(0, 139)}…` : body;
};

/**
 * A message as stored in events and answered before its URLs are signed: attachments without URLs
 * (attachment.presenter.ts signs them for each reader).
 */
export type MessageView = Omit<TMessage, 'attachments'> & { attachments: StoredAttachment[] };

export const presentMessage = (m: MessageRow, author: AuthorLabel | null): MessageView => ({
  id: m.id,
  conversationId: m.conversationId,
  seq: m.seq,
  clientId: m.clientId,
  type: m.type,
  author: { type: m.authorType, id: m.authorId, name: author?.name ?? null, avatarUrl: author?.avatarUrl ?? null },
  body: m.body,
  system: (m.system as Record<string, unknown> | null) ?? null,
  attachments: (m.attachments as StoredAttachment[] | null) ?? [],
  ...(m.emailAuth ? { emailAuth: m.emailAuth as TEmailAuth } : {}),
  createdAt: m.createdAt.toISOString(),
});

/** Visitors never see notes or system lines, nor agents' ids, nor how their email was authenticated. */
export const presentMessageForVisitor = (m: MessageRow, author: AuthorLabel | null): MessageView | null =>
  m.type !== 'message'
    ? null
    : {
        ...presentMessage({ ...m, emailAuth: null }, author),
        author: {
          type: m.authorType,
          id: m.authorType === 'visitor' ? m.authorId : null,
          name: author?.name ?? null,
          avatarUrl: author?.avatarUrl ?? null,
        },
      };
