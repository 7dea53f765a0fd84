import { AppError } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { countUnreadMentions, type ListedNoticeKind, listMentions, markMentionsRead } from './agent-notices.repo.js';
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

/** The kinds the caller asked for (`kinds`), else mentions only: what a client older than low ratings expects. */
const kindsOf = (kinds: string | undefined) =>
  kinds ? ([...new Set(kinds.split(','))] as ListedNoticeKind[]) : (['mention'] as const);

export const mentionHandlers = {
  async listMentions({ services, principal, query }) {
    const kinds = kindsOf(query.kinds);
    const rows = await listMentions(services.db, principal.organizationId, principal.agentId, {
      kinds,
      isUnreadOnly: query.unread === 'true',
      before: parseCursor(query.cursor),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      mentions: page.map(presentMention),
      nextCursor: rows.length > query.limit && last ? cursorOf(last.created_at, last.id) : null,
      unreadCount: await countUnreadMentions(services.db, principal.organizationId, principal.agentId, kinds),
    };
  },

  async markMentionsRead({ services, principal, body }) {
    const kinds = kindsOf(body.kinds);
    await markMentionsRead(
      services.db,
      principal.organizationId,
      principal.agentId,
      body.conversationId ?? null,
      kinds,
    );
    return { unreadCount: await countUnreadMentions(services.db, principal.organizationId, principal.agentId, kinds) };
  },
} satisfies SomeHandlers;
