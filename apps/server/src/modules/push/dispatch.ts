import type { TMessage } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { query, type Tx } from '../../db/client.js';
import type { Services } from '../../services.js';
import { unreadQuery } from '../conversations/conversation.repo.js';
import { notificationSettings } from './notification-settings.js';

/** Events read per organization per pass; the rest waits for the next pass. */
export const EVENTS_PER_PASS = 500;
export const PUSH_BODY_MAX = 160;

/** The text of a notification: whole words up to the limit, then an ellipsis. */
export function shorten(text: string, max = PUSH_BODY_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Organizations whose event log has moved past their push cursor: what a pass works through. */
export async function organizationsBehind(services: Services, limit = 100): Promise<string[]> {
  const rows = await query<{ id: string }>(
    services.db,
    sql`select c.organization_id as id from push_cursors c join organizations o on o.id = c.organization_id
        where o.event_seq > c.seq limit ${limit}`,
  );
  return rows.map((r) => r.id);
}

/**
 * Reads an organization's new events and turns each visitor message into one queued push per device that should
 * get it, then moves the cursor, all in one transaction: a crash before COMMIT reads the same events again, and the
 * (message, device) key keeps a second reading from queueing anything twice. The cursor row is taken with SKIP
 * LOCKED, so with several processes one reads and the others move on. Returns the events read and the pushes
 * queued, or null if another process holds the organization (or it has no cursor).
 */
export async function dispatchOrganization(
  services: Services,
  organizationId: string,
): Promise<{ read: number; queued: number } | null> {
  return services.db.transaction(async (tx) => {
    const [cursor] = await query<{ seq: string | number }>(
      tx,
      sql`select seq from push_cursors where organization_id = ${organizationId} for update skip locked`,
    );
    if (!cursor) return null;
    const events = await query<{ seq: string | number; payload: TMessage | null }>(
      tx,
      sql`select seq, case when type = 'message.created' then payload end as payload from events
          where organization_id = ${organizationId} and seq > ${Number(cursor.seq)} order by seq limit ${EVENTS_PER_PASS}`,
    );
    if (events.length === 0) return { read: 0, queued: 0 };
    const messages = events
      .map((e) => e.payload)
      .filter((m): m is TMessage => m !== null && m.type === 'message' && m.author.type === 'visitor');
    const queued = messages.length > 0 ? await queuePushes(tx, services, organizationId, messages) : 0;
    await tx.execute(
      sql`update push_cursors set seq = ${Number(events.at(-1)!.seq)} where organization_id = ${organizationId}`,
    );
    return { read: events.length, queued };
  });
}

type Recipient = { agentId: string; deviceId: string; availability: string; settings: unknown };

/**
 * Who is told: the assignee's devices, or for an unassigned conversation the devices of the agents who are online
 * or away; never an agent who has the conversation open right now; each agent's settings decide.
 */
async function queuePushes(tx: Tx, services: Services, organizationId: string, messages: TMessage[]) {
  const conversationIds = [...new Set(messages.map((m) => m.conversationId))];
  const conversations = await query<{ id: string; assignee_id: string | null; number: number; who: string | null }>(
    tx,
    sql`select c.id, c.assignee_id, c.number, coalesce(v.name, v.email) as who
        from conversations c join visitors v on v.id = c.visitor_id
        where c.organization_id = ${organizationId}
          and c.id in (${sql.join(
            conversationIds.map((id) => sql`${id}`),
            sql`, `,
          )})`,
  );
  const byId = new Map(conversations.map((c) => [c.id, c]));
  const recipients = await query<Recipient>(
    tx,
    sql`select a.id as "agentId", d.id as "deviceId", a.availability, a.notification_settings as settings
        from devices d join agents a on a.id = d.agent_id
        where d.organization_id = ${organizationId} and a.organization_id = ${organizationId} and a.removed_at is null`,
  );
  const badges = new Map<string, number>();
  const rows: unknown[] = [];
  for (const message of messages) {
    const conversation = byId.get(message.conversationId);
    if (!conversation) continue;
    const looking = new Set(services.presence.viewersOf(conversation.id));
    for (const r of recipients) {
      const settings = notificationSettings(r.settings);
      if (!settings.enabled || looking.has(r.agentId)) continue;
      const wanted = conversation.assignee_id
        ? conversation.assignee_id === r.agentId && settings.assigned
        : settings.unassigned && (r.availability === 'online' || r.availability === 'away');
      if (!wanted) continue;
      if (!badges.has(r.agentId)) {
        const [u] = await query<{ unread: number }>(
          tx,
          sql`select (${unreadQuery(organizationId, r.agentId)}) as unread`,
        );
        badges.set(r.agentId, Number(u?.unread ?? 0));
      }
      rows.push({
        organization_id: organizationId,
        agent_id: r.agentId,
        device_id: r.deviceId,
        conversation_id: conversation.id,
        message_id: message.id,
        title: shorten(conversation.who ?? `Visitor #${conversation.number}`, 60),
        body: shorten(message.body),
        data: { kind: 'message', conversationId: conversation.id, messageId: message.id },
        badge: badges.get(r.agentId),
      });
    }
  }
  if (rows.length === 0) return 0;
  const inserted = await query<{ id: string }>(
    tx,
    sql`insert into push_deliveries (organization_id, agent_id, device_id, kind, conversation_id, message_id, title, body, data, badge)
        select organization_id, agent_id, device_id, 'message', conversation_id, message_id, title, body, data, badge
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(organization_id uuid, agent_id uuid, device_id uuid,
          conversation_id uuid, message_id uuid, title text, body text, data jsonb, badge int)
        -- A message erased or a device removed since the event: nothing to push, and no foreign key to trip on.
        where exists (select 1 from messages m where m.id = r.message_id)
          and exists (select 1 from devices d where d.id = r.device_id)
        on conflict (message_id, device_id) do nothing returning id`,
  );
  return inserted.length;
}
