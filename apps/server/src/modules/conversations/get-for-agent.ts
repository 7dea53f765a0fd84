import { sql } from 'drizzle-orm';
import { query } from '../../db/client.js';
import type { Services } from '../../services.js';
import { presentConversation } from './conversation.presenter.js';
import { findConversation } from './conversation.repo.js';
import { visitorLabel } from './labels.js';

/** One conversation as one agent sees it: the agents' view, their read position and unread count. */
export async function getForAgent(services: Services, organizationId: string, agentId: string, id: string) {
  const conv = await findConversation(services.db, organizationId, id);
  const [rows] = await query<{ last_read_seq: number; unread: number }>(
    services.db,
    sql`select coalesce((select last_read_seq from read_cursors where agent_id = ${agentId} and conversation_id = ${id}), 0) as last_read_seq,
        (select count(*)::int from messages where conversation_id = ${id} and author_type = 'visitor'
          and seq > coalesce((select last_read_seq from read_cursors where agent_id = ${agentId} and conversation_id = ${id}), 0)) as unread`,
  );
  const visitor = await visitorLabel(services.db, organizationId, conv.visitorId);
  return {
    ...presentConversation(conv, visitor),
    lastReadSeq: Number(rows?.last_read_seq ?? 0),
    unreadCount: Number(rows?.unread ?? 0),
  };
}
