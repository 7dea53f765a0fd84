import type { TContactFilter, TContactPage } from '@oceras/protocol';
import { AppError } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { decodeCursor, encodeCursor } from '../conversations/conversation.repo.js';
import { presentContact } from './contact.presenter.js';
import { listContacts as listContactRows } from './contact.repo.js';

/** The contacts list: a keyset page (the inbox's cursor shape: last seen and id), newest seen first. */
export async function listContacts(
  services: Services,
  actor: AgentPrincipal,
  query: { q?: string | undefined; filter: TContactFilter; cursor?: string | undefined; limit: number },
): Promise<TContactPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && !after) throw new AppError('VALIDATION_FAILED', 'cursor: not one this server gave');
  const rows = await listContactRows(services.db, actor.organizationId, {
    ...(query.q ? { q: query.q } : {}),
    filter: query.filter,
    after,
    limit: query.limit,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    visitors: page.map((r) => presentContact(r.visitor, r.conversationCount)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.visitor.lastSeenAt, last.visitor.id) : null,
  };
}
