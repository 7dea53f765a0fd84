import type { TContact, TVisitorNote } from '@oceras/protocol';
import type { NoteRow, VisitorRow } from './contact.repo.js';

export const presentContact = (v: VisitorRow, conversationCount: number): TContact => ({
  id: v.id,
  name: v.name,
  email: v.email,
  phone: v.phone,
  company: v.company,
  userId: v.externalUserId,
  firstSeenAt: v.firstSeenAt.toISOString(),
  lastSeenAt: v.lastSeenAt.toISOString(),
  isErased: v.erasedAt !== null,
  conversationCount,
});

/** A note as agents see it; its author "Deleted agent" once erased, null once the agent row is gone. */
export const presentNote = (n: NoteRow): TVisitorNote => ({
  id: n.id,
  body: n.body,
  author: n.authorId && n.authorName !== null ? { id: n.authorId, name: n.authorName } : null,
  createdAt: n.createdAt.toISOString(),
});
