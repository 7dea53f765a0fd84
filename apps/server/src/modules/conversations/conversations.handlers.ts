import type { TBulkResult } from '@oceras/protocol';
import { query } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { replayedIf } from '../../lib/replayed.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { parseFieldFilters } from '../custom-fields/field-filters.js';
import { agentSendMessage } from '../messages/agent-send-message.js';
import { listMessages } from '../messages/list-messages.js';
import { presentConversation } from './conversation.presenter.js';
import {
  countsQuery,
  decodeCursor,
  encodeCursor,
  findConversation,
  findConversationsForAgent,
  findVisitorDetail,
  listConversations,
} from './conversation.repo.js';
import { getForAgent } from './get-for-agent.js';
import { visitorLabelOf } from './labels.js';
import { markRead } from './mark-read.js';
import { updateConversation } from './update-conversation.js';

/** A row of listConversations / findConversationsForAgent as the agent sees it. */
const presentForAgent = (r: Awaited<ReturnType<typeof findConversationsForAgent>>[number]) => ({
  ...presentConversation(r.conversation, visitorLabelOf(r.visitor)),
  lastReadSeq: Number(r.lastReadSeq),
  unreadCount: Number(r.unreadCount),
});

/** Changed, then deleted before it could be read back (its organization's or visitor's erasure). */
const gone = { code: 'NOT_FOUND', message: 'conversation not found' } as const;

export const conversationHandlers = {
  /**
   * One change for many conversations: each in its own transaction through the single update (same rules, system
   * lines, events, webhooks), one after the other; a refusal is that id's answer and leaves it unchanged.
   */
  async bulkUpdateConversations({ services, principal, body }) {
    const failed = new Map<string, TBulkResult & { ok: false }>();
    for (const id of body.ids) {
      try {
        await updateConversation(services, principal, id, body.change);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        failed.set(id, { id, ok: false, error: { code: err.code, message: err.message } });
      }
    }
    const changed = body.ids.filter((id) => !failed.has(id));
    const rows = changed.length
      ? await findConversationsForAgent(services.db, principal.organizationId, principal.agentId, changed)
      : [];
    const byId = new Map(rows.map((r) => [r.conversation.id, presentForAgent(r)]));
    return {
      results: body.ids.map(
        (id): TBulkResult =>
          failed.get(id) ??
          (byId.has(id) ? { id, ok: true, conversation: byId.get(id)! } : { id, ok: false, error: gone }),
      ),
    };
  },

  async listConversations({ services, principal, query: q }) {
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !after) throw new AppError('VALIDATION_FAILED', 'cursor is not valid');
    const fields = await parseFieldFilters(services.db, principal.organizationId, q);
    const rows = await listConversations(services.db, principal.organizationId, principal.agentId, {
      ...q,
      after,
      fields,
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      conversations: page.map(presentForAgent),
      nextCursor:
        rows.length > q.limit && last ? encodeCursor(last.conversation.lastActivityAt, last.conversation.id) : null,
    };
  },

  async countConversations({ services, principal }) {
    const [row] = await query<Record<string, number>>(
      services.db,
      countsQuery(principal.organizationId, principal.agentId),
    );
    const n = (k: string) => Number(row?.[k] ?? 0);
    return {
      all: n('all'),
      mine: n('mine'),
      unassigned: n('unassigned'),
      byStatus: { open: n('open'), pending: n('pending'), snoozed: n('snoozed'), resolved: n('resolved') },
      unreadConversations: n('unread'),
    };
  },

  async getConversation({ services, principal, params }) {
    return getForAgent(services, principal.organizationId, principal.agentId, params.id);
  },

  async updateConversation({ services, principal, params, body }) {
    await updateConversation(services, principal, params.id, body);
    return getForAgent(services, principal.organizationId, principal.agentId, params.id);
  },

  async getVisitor({ services, principal, params }) {
    return findVisitorDetail(services.db, principal.organizationId, params.id);
  },

  async listMessages({ services, principal, params, query: q }) {
    await findConversation(services.db, principal.organizationId, params.id);
    return listMessages(services, principal.organizationId, params.id, q, {
      kind: 'agents',
      organizationId: principal.organizationId,
    });
  },

  async sendMessage({ services, principal, params, body }) {
    const sent = await agentSendMessage(services, principal, params.id, body);
    return replayedIf(sent.isReplay, sent.message);
  },

  async markRead({ services, principal, params, body }) {
    return markRead(services, principal, params.id, body.seq);
  },
} satisfies SomeHandlers;
