import { and, asc, eq, gt, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, AnyPgTable } from 'drizzle-orm/pg-core';
import { type DbOrTx, query, type Tx } from '../../db/client.js';
import {
  agentNotices,
  agentSessions,
  agents,
  cannedResponses,
  conversations,
  devices,
  emailOutbox,
  emailThreads,
  events,
  invitations,
  messages,
  organizations,
  pushDeliveries,
  savedViews,
  teamMembers,
  visitorNotes,
  visitorSessions,
  visitors,
} from '../../db/schema.js';

/**
 * Where each person's data lives, and how it is erased: the one place that knows every table that holds a
 * visitor's or an agent's personal data, so an erasure runs in one transaction and a reviewer reads one list.
 * (This repo spans tables on purpose; docs/ARCHITECTURE.md, "Where the code departs from STYLE.md".) Every
 * statement takes the organization id first and filters on it. A new table holding personal data adds its
 * eraser to VISITOR_ERASERS or AGENT_ERASERS, and the dump tests in test/privacy/ prove it.
 */

const ERASED_AGENT_NAME = 'Deleted agent';
/** An address that cannot exist (RFC 2606's .invalid) and stays unique, as agents_email_key requires. */
export const erasedAgentEmail = (agentId: string) => `erased-${agentId}@erased.invalid`;

export interface VisitorTarget {
  organizationId: string;
  visitorId: string;
  conversationIds: string[];
}
export interface AgentTarget {
  organizationId: string;
  agentId: string;
  email: string;
  emailHash: string;
}
/** One kind of personal data and how it goes; returns how many rows it touched (the audit entry's counts). */
export interface Eraser<T> {
  key: string;
  erase(tx: Tx, target: T): Promise<number>;
}

const count = async (rows: Promise<unknown[]>) => (await rows).length;

/** An eraser that deletes the organization's rows of `table` that `owned` names (none when it names nothing). */
function deleting<T extends { organizationId: string }>(
  key: string,
  table: AnyPgTable,
  organizationId: AnyPgColumn,
  owned: (target: T) => SQL | undefined,
): Eraser<T> {
  return {
    key,
    erase: async (tx, t) => {
      const condition = owned(t);
      if (!condition) return 0;
      return count(
        query(tx, sql`delete from ${table} where ${organizationId} = ${t.organizationId} and ${condition} returning 1`),
      );
    },
  };
}

const ofConversations = (column: AnyPgColumn) => (t: VisitorTarget) =>
  t.conversationIds.length > 0 ? inArray(column, t.conversationIds) : undefined;

// ---- Visitors ----

export async function findVisitor(db: DbOrTx, organizationId: string, visitorId: string) {
  const [row] = await db
    .select()
    .from(visitors)
    .where(and(eq(visitors.organizationId, organizationId), eq(visitors.id, visitorId)));
  return row;
}

/** The visitor's conversations, locked: first in the order conversation, organization, visitor (record-event.ts). */
export function lockVisitorConversations(tx: Tx, organizationId: string, visitorId: string) {
  return tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.organizationId, organizationId), eq(conversations.visitorId, visitorId)))
    .orderBy(asc(conversations.id))
    .for('update');
}

/**
 * What a visitor's erasure removes besides their profile, in the order it runs. Conversations stay as shells
 * (number, status, times, assignee) for the organization's counts: resolved, without previews or subject.
 * Files (attachments) are erased before this transaction, by erase-files.ts.
 */
export const VISITOR_ERASERS: Eraser<VisitorTarget>[] = [
  deleting('sessions', visitorSessions, visitorSessions.organizationId, (t) =>
    eq(visitorSessions.visitorId, t.visitorId),
  ),
  // Agents' notes about them (contacts): about the person, so they go with the person.
  deleting('notes', visitorNotes, visitorNotes.organizationId, (t) => eq(visitorNotes.visitorId, t.visitorId)),
  // Titles (the visitor's name) and bodies (their words) of pushes, queued or sent.
  deleting('pushes', pushDeliveries, pushDeliveries.organizationId, ofConversations(pushDeliveries.conversationId)),
  // Emails to them, queued or sent (address, subject, the replies' words), and their conversations' email threads
  // (reply tokens, Message-IDs): a reply by email to an erased visitor's conversation finds nothing.
  deleting('emails', emailOutbox, emailOutbox.organizationId, (t) =>
    or(eq(emailOutbox.visitorId, t.visitorId), ofConversations(emailOutbox.conversationId)(t)),
  ),
  deleting('email threads', emailThreads, emailThreads.organizationId, ofConversations(emailThreads.conversationId)),
  // Every message of their conversations: theirs, the replies and notes about them, the system lines.
  deleting('messages', messages, messages.organizationId, ofConversations(messages.conversationId)),
  {
    // The replay log keeps each event's number (streams stay gap-free, SPEC R3) and loses its content.
    key: 'events',
    erase: (tx, t) =>
      count(
        tx
          .update(events)
          .set({ type: 'event.erased', payload: {}, visitorPayload: null })
          .where(
            and(
              eq(events.organizationId, t.organizationId),
              or(eq(events.visitorId, t.visitorId), ofConversations(events.conversationId)(t)),
            ),
          )
          .returning({ seq: events.seq }),
      ),
  },
  {
    key: 'conversations',
    erase: (tx, t) =>
      t.conversationIds.length === 0
        ? Promise.resolve(0)
        : count(
            tx
              .update(conversations)
              .set({
                status: 'resolved',
                snoozedUntil: null,
                waitingSince: null,
                subject: null,
                lastMessagePreview: null,
                lastPublicMessagePreview: null,
                // The score stays for the organization's counts; the words were the visitor's.
                ratingComment: null,
                // The pages they were on (contacts).
                pageUrl: null,
                pageTitle: null,
                // Custom field values (migration 0024): what agents recorded about this conversation.
                customFields: {},
              })
              .where(
                and(eq(conversations.organizationId, t.organizationId), inArray(conversations.id, t.conversationIds)),
              )
              .returning({ id: conversations.id }),
          ),
  },
];

/** The profile: name, email, phone, company, IP address, browser, time zone and page. Last, after the events (organization row): lock order. */
export async function eraseVisitorProfile(tx: Tx, organizationId: string, visitorId: string) {
  await tx
    .update(visitors)
    .set({
      name: null,
      email: null,
      ip: null,
      userAgent: null,
      restrictedAt: null,
      externalUserId: null,
      customAttributes: {},
      customFields: {},
      locale: null,
      pageUrl: null,
      phone: null,
      company: null,
      timeZone: null,
      pageTitle: null,
      erasedAt: new Date(),
    })
    .where(and(eq(visitors.organizationId, organizationId), eq(visitors.id, visitorId)));
}

export async function updateVisitorLabels(
  tx: Tx,
  organizationId: string,
  visitorId: string,
  labels: {
    name?: string | null;
    email?: string | null;
    phone?: string | null;
    company?: string | null;
    customAttributes?: unknown;
  },
) {
  const [row] = await tx
    .update(visitors)
    .set(labels)
    .where(and(eq(visitors.organizationId, organizationId), eq(visitors.id, visitorId), isNull(visitors.erasedAt)))
    .returning();
  return row;
}

export async function setVisitorRestriction(tx: Tx, organizationId: string, visitorId: string, at: Date | null) {
  const [row] = await tx
    .update(visitors)
    .set({ restrictedAt: at })
    .where(and(eq(visitors.organizationId, organizationId), eq(visitors.id, visitorId)))
    .returning({ restrictedAt: visitors.restrictedAt });
  return row;
}

/** Pushes not yet handed to Expo about the visitor's messages: a restriction stops them at once. */
export async function dropQueuedPushesAboutVisitor(tx: Tx, organizationId: string, visitorId: string) {
  await tx.execute(
    sql`delete from push_deliveries p using conversations c
        where p.organization_id = ${organizationId} and p.status = 'queued' and c.id = p.conversation_id
          and c.organization_id = ${organizationId} and c.visitor_id = ${visitorId}`,
  );
}

export function visitorSessionsOf(db: DbOrTx, organizationId: string, visitorId: string) {
  return db
    .select({ createdAt: visitorSessions.createdAt, revokedAt: visitorSessions.revokedAt })
    .from(visitorSessions)
    .where(and(eq(visitorSessions.organizationId, organizationId), eq(visitorSessions.visitorId, visitorId)))
    .orderBy(asc(visitorSessions.createdAt));
}

type ConversationRow = typeof conversations.$inferSelect;
/** A page of the visitor's conversations, oldest first, after `after` (keyset on created_at, id). */
export function visitorConversationsPage(
  db: DbOrTx,
  organizationId: string,
  visitorId: string,
  after: ConversationRow | null,
  size: number,
) {
  return db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.organizationId, organizationId),
        eq(conversations.visitorId, visitorId),
        after ? sql`(${conversations.createdAt}, ${conversations.id}) > (${after.createdAt}, ${after.id})` : undefined,
      ),
    )
    .orderBy(asc(conversations.createdAt), asc(conversations.id))
    .limit(size);
}

/** A page of a conversation's public messages (what the visitor sees), after seq `afterSeq`. */
export function publicMessagesPage(
  db: DbOrTx,
  organizationId: string,
  conversationId: string,
  afterSeq: number,
  size: number,
) {
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.organizationId, organizationId),
        eq(messages.conversationId, conversationId),
        eq(messages.type, 'message'),
        gt(messages.seq, afterSeq),
      ),
    )
    .orderBy(asc(messages.seq))
    .limit(size);
}

// ---- Agents ----

export async function findAgent(db: DbOrTx, organizationId: string, agentId: string) {
  const [row] = await db
    .select()
    .from(agents)
    .where(and(eq(agents.organizationId, organizationId), eq(agents.id, agentId)));
  return row;
}

/** The organization's active agents, locked against a concurrent removal or role change (the last-admin rule). */
export function lockActiveAgents(tx: Tx, organizationId: string) {
  return tx
    .select({ id: agents.id, role: agents.role })
    .from(agents)
    .where(and(eq(agents.organizationId, organizationId), isNull(agents.removedAt)))
    .orderBy(asc(agents.id))
    .for('no key update');
}

/** Removed agents whose personal data is due for erasure (policy §6: within 30 days), across organizations. */
export async function removedAgentsDue(db: DbOrTx, days: number, limit: number) {
  return query<{ id: string; organizationId: string }>(
    db,
    sql`select id, organization_id as "organizationId" from agents
        where removed_at < now() - make_interval(days => ${days}) and erased_at is null
        order by removed_at limit ${limit}`,
  );
}

/** One agent's row for erasure, locked; null if gone, already erased or held by another process (SKIP LOCKED). */
export async function lockAgentForErasure(tx: Tx, organizationId: string, agentId: string) {
  const [row] = await tx
    .select()
    .from(agents)
    .where(and(eq(agents.organizationId, organizationId), eq(agents.id, agentId), isNull(agents.erasedAt)))
    .for('update', { skipLocked: true });
  return row;
}

const agentPayload = (name: string) => sql`jsonb_build_object('name', ${name}::text, 'avatarUrl', null)`;

/**
 * What an agent's erasure removes besides their profile. Their messages stay (the organization's record) under
 * "Deleted agent": the name comes from the profile, and the replay log's copies are rewritten here.
 */
export const AGENT_ERASERS: Eraser<AgentTarget>[] = [
  // Sessions with their IP addresses and browsers; their refresh tokens and devices go with them (cascade).
  deleting('sessions', agentSessions, agentSessions.organizationId, (t) => eq(agentSessions.agentId, t.agentId)),
  deleting('devices', devices, devices.organizationId, (t) => eq(devices.agentId, t.agentId)),
  // Their personal canned responses (shared ones are the organization's and carry no author).
  deleting('cannedResponses', cannedResponses, cannedResponses.organizationId, (t) =>
    eq(cannedResponses.agentId, t.agentId),
  ),
  // Their personal saved views (shared ones are the organization's and carry no author).
  deleting('savedViews', savedViews, savedViews.organizationId, (t) => eq(savedViews.agentId, t.agentId)),
  // Their team memberships (the teams are the organization's).
  deleting('teamMemberships', teamMembers, teamMembers.organizationId, (t) => eq(teamMembers.agentId, t.agentId)),
  deleting('pushes', pushDeliveries, pushDeliveries.organizationId, (t) => eq(pushDeliveries.agentId, t.agentId)),
  // What they were told about (mentions of them, conversations given to them: modules/agent-notices), and the
  // emails that told them (to their address).
  deleting('notices', agentNotices, agentNotices.organizationId, (t) => eq(agentNotices.agentId, t.agentId)),
  deleting(
    'agentEmails',
    emailOutbox,
    emailOutbox.organizationId,
    (t) => sql`${emailOutbox.kind} = 'agent_notice' and lower(${emailOutbox.recipient}) = ${t.email}`,
  ),
  // The invitation they accepted holds their email.
  deleting(
    'invitations',
    invitations,
    invitations.organizationId,
    (t) => sql`lower(${invitations.email}) = ${t.email}`,
  ),
  {
    // Sign-in counters: keyed by the email's hash, with the addresses that failed.
    key: 'signInCounters',
    erase: (tx, t) => deleteSignInCounters(tx, [t.emailHash]),
  },
  {
    // Copies of their name in the replay log: their profile events, their messages, the visitor's view of the
    // conversations assigned to them.
    key: 'events',
    erase: async (tx, t) => {
      const name = ERASED_AGENT_NAME;
      const profiles = await query(
        tx,
        sql`update events set payload = payload || jsonb_build_object('name', ${name}::text, 'email',
              ${erasedAgentEmail(t.agentId)}::text, 'avatarUrl', null)
            where organization_id = ${t.organizationId} and type = 'agent.updated' and payload->>'id' = ${t.agentId}
            returning seq`,
      );
      const authored = await query(
        tx,
        sql`update events set
              payload = jsonb_set(payload, '{author}', (payload->'author') || ${agentPayload(name)}),
              visitor_payload = case when visitor_payload is null then null
                else jsonb_set(visitor_payload, '{author}', (visitor_payload->'author') || ${agentPayload(name)}) end
            where organization_id = ${t.organizationId} and type = 'message.created'
              and payload->'author'->>'type' = 'agent' and payload->'author'->>'id' = ${t.agentId}
            returning seq`,
      );
      const assigned = await query(
        tx,
        sql`update events set visitor_payload = case type
              when 'conversation.created' then jsonb_set(visitor_payload, '{assignee}', ${agentPayload(name)})
              else jsonb_set(visitor_payload, '{conversation,assignee}', ${agentPayload(name)}) end
            where organization_id = ${t.organizationId} and visitor_payload is not null
              and ((type = 'conversation.created' and payload->>'assigneeId' = ${t.agentId}
                    and jsonb_typeof(visitor_payload->'assignee') = 'object')
                or (type = 'conversation.updated' and payload->'conversation'->>'assigneeId' = ${t.agentId}
                    and jsonb_typeof(visitor_payload->'conversation'->'assignee') = 'object'))
            returning seq`,
      );
      return profiles.length + authored.length + assigned.length;
    },
  },
];

/** The profile: name, email, password hash, avatar, settings. The row stays for authorship, as "Deleted agent". */
export async function eraseAgentProfile(tx: Tx, organizationId: string, agentId: string) {
  const now = new Date();
  await tx
    .update(agents)
    .set({
      name: ERASED_AGENT_NAME,
      email: erasedAgentEmail(agentId),
      passwordHash: '',
      avatarUrl: null,
      availability: 'offline',
      notificationSettings: {},
      availabilitySchedule: null,
      scheduleNextAt: null,
      restrictedAt: null,
      removedAt: sql`coalesce(${agents.removedAt}, ${now})`,
      erasedAt: now,
    })
    .where(and(eq(agents.organizationId, organizationId), eq(agents.id, agentId)));
}

export async function setAgentRestriction(tx: Tx, organizationId: string, agentId: string, at: Date | null) {
  const [row] = await tx
    .update(agents)
    .set({ restrictedAt: at })
    .where(and(eq(agents.organizationId, organizationId), eq(agents.id, agentId), isNull(agents.removedAt)))
    .returning();
  return row;
}

/** Pushes to the agent not yet handed to Expo: a restriction stops them at once. */
export async function dropQueuedPushesToAgent(tx: Tx, organizationId: string, agentId: string) {
  await tx
    .delete(pushDeliveries)
    .where(
      and(
        eq(pushDeliveries.organizationId, organizationId),
        eq(pushDeliveries.agentId, agentId),
        eq(pushDeliveries.status, 'queued'),
      ),
    );
}

export function agentSessionsOf(db: DbOrTx, organizationId: string, agentId: string) {
  return db
    .select()
    .from(agentSessions)
    .where(and(eq(agentSessions.organizationId, organizationId), eq(agentSessions.agentId, agentId)))
    .orderBy(asc(agentSessions.createdAt));
}

type MessageRow = typeof messages.$inferSelect;
/** A page of the messages an agent wrote (replies and notes), in write order, after `after`. */
export function authoredMessagesPage(
  db: DbOrTx,
  organizationId: string,
  agentId: string,
  after: Pick<MessageRow, 'createdAt' | 'id'> | null,
  size: number,
) {
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.authorType, 'agent'),
        eq(messages.authorId, agentId),
        eq(messages.organizationId, organizationId),
        after ? sql`(${messages.createdAt}, ${messages.id}) > (${after.createdAt}, ${after.id})` : undefined,
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(size);
}

// ---- Organizations ----

export async function lockOrganization(tx: Tx, organizationId: string) {
  const [row] = await tx.select().from(organizations).where(eq(organizations.id, organizationId)).for('update');
  return row;
}

export async function findOrganization(db: DbOrTx, organizationId: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  return row;
}

/** What the audit entry of a deletion keeps: how much went, never what. */
export async function organizationCounts(tx: Tx, organizationId: string) {
  const [row] = await query<{ agents: number; visitors: number; conversations: number; messages: number }>(
    tx,
    sql`select (select count(*)::int from agents where organization_id = ${organizationId}) as agents,
               (select count(*)::int from visitors where organization_id = ${organizationId}) as visitors,
               (select count(*)::int from conversations where organization_id = ${organizationId}) as conversations,
               (select count(*)::int from messages where organization_id = ${organizationId}) as messages`,
  );
  return row!;
}

export function agentEmailsOf(tx: Tx, organizationId: string) {
  return tx.select({ email: agents.email }).from(agents).where(eq(agents.organizationId, organizationId));
}

/** Sign-in counters of these email hashes: they hold no organization id, so a deletion names them. */
export async function deleteSignInCounters(tx: Tx, emailHashes: readonly string[]) {
  if (emailHashes.length === 0) return 0;
  const list = sql.join(
    emailHashes.map((h) => sql`${h}`),
    sql`, `,
  );
  const failures = await query(tx, sql`delete from login_failures where email_hash in (${list}) returning 1`);
  const delays = await query(tx, sql`delete from login_delays where email_hash in (${list}) returning 1`);
  return failures.length + delays.length;
}

/** Everything of the organization, through the foreign keys' cascades (every table but the audit log's). */
export async function deleteOrganizationRows(tx: Tx, organizationId: string) {
  await tx.delete(organizations).where(eq(organizations.id, organizationId));
}
