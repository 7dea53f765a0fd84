import { AppError } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { countUnreadMentions, listMentions, markMentionsRead } from './agent-notices.repo.js';
import { presentMention } from './mention.presenter.js';

/** The keyset cursor of the mentions list: the last row's (created_at, id). */
const cursorOf = (at: Date, id: string) => Buffer.from(`${new Date(at).toISOString()}|${id}`).toString('base64url');
function parseCursor(cursor: string | undefined) {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(date.getTime()))
    throw new AppError('VALIDATION_FAILED', 'cursor is not valid');
  return { at: date, id };
}

export const mentionHandlers = {
  async listMentions({ services, principal, query }) {
    const rows = await listMentions(services.db, principal.organizationId, principal.agentId, {
      isUnreadOnly: query.unread === 'true',
      before: parseCursor(query.cursor),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      mentions: page.map(presentMention),
      nextCursor: rows.length > query.limit && last ? cursorOf(last.created_at, last.id) : null,
      unreadCount: await countUnreadMentions(services.db, principal.organizationId, principal.agentId),
    };
  },

  async markMentionsRead({ services, principal, body }) {
    await markMentionsRead(services.db, principal.organizationId, principal.agentId, body.conversationId ?? null);
    return { unreadCount: await countUnreadMentions(services.db, principal.organizationId, principal.agentId) };
  },
} satisfies SomeHandlers;
