import { sql } from 'drizzle-orm';
import { type DbOrTx, query, type Tx } from '../../db/client.js';

/**
 * The organization's assignment decisions, one at a time across every process, until the transaction ends: the
 * capacities a decision reads are those the previous one left (it committed before the lock was released).
 */
export async function lockAssignment(tx: Tx, organizationId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`assignment:${organizationId}`}, 0))`);
}

/**
 * Who may be given conversations: online, not removed, not restricted. `open_count` counts their unresolved
 * conversations from the trigger-kept buckets (conversation_counts: a few rows per agent, read in one pass).
 */
const candidates = (organizationId: string) => sql`
  select a.id, a.capacity, a.last_assigned_at, coalesce(l.n, 0)::int as open_count
  from agents a
  left join (select k.assignee_id, sum(k.n) as n from conversation_counts k
    where k.organization_id = ${organizationId} and k.status <> 'resolved' group by k.assignee_id) l
    on l.assignee_id = a.id
  where a.organization_id = ${organizationId} and a.availability = 'online'
    and a.removed_at is null and a.restricted_at is null and a.erased_at is null`;

/** Open, unassigned, in a scope whose switch is on (the team's, or the organization's for those without one). */
const queued = (organizationId: string) => sql`
  select c.id, c.team_id, c.queued_at from conversations c
  left join teams t on t.id = c.team_id
  where c.organization_id = ${organizationId} and c.assignee_id is null and c.status = 'open'
    and case when c.team_id is null
      then (select o.auto_assignment from organizations o where o.id = ${organizationId})
      else t.auto_assignment end`;

/** How far down the queue one decision looks for a conversation someone has room for. */
export const QUEUE_WINDOW = 200;

export interface AssignmentPick {
  conversationId: string;
  agentId: string;
  /** The agent's unresolved conversations before this one. */
  open: number;
  capacity: number | null;
}

/**
 * The next decision in one statement: the oldest queued conversation that an eligible agent has room for (a team's
 * conversation only among its members), and the agent with the fewest unresolved conversations, ties to whoever
 * waited longest since their last automatic assignment (never assigned: first). Null: nothing to hand out.
 */
export async function pickNext(tx: Tx, organizationId: string): Promise<AssignmentPick | null> {
  const [row] = await query<AssignmentPick>(
    tx,
    sql`with cand as (${candidates(organizationId)}),
      free as (select * from cand where capacity is null or open_count < capacity),
      queue as (${queued(organizationId)} order by c.queued_at, c.id limit ${QUEUE_WINDOW})
    select q.id as "conversationId", f.id as "agentId", f.open_count as "open", f.capacity
    from queue q
    cross join lateral (
      select f.id, f.open_count, f.capacity from free f
      where q.team_id is null
        or exists (select 1 from team_members m where m.team_id = q.team_id and m.agent_id = f.id)
      order by f.open_count, f.last_assigned_at nulls first, f.id
      limit 1
    ) f
    order by q.queued_at, q.id
    limit 1`,
  );
  return row ?? null;
}

/**
 * Stamps the agent's last automatic assignment, only while they may still take one: an availability change or a
 * restriction committed meanwhile is waited for and read again (UPDATE's re-check), so nobody offline is picked.
 */
export async function takeAgent(tx: Tx, organizationId: string, agentId: string) {
  const rows = await query<{ id: string }>(
    tx,
    sql`update agents set last_assigned_at = clock_timestamp()
        where organization_id = ${organizationId} and id = ${agentId} and availability = 'online'
          and removed_at is null and restricted_at is null and erased_at is null
        returning id`,
  );
  return rows.length === 1;
}

/**
 * Organizations with automatic assignment on somewhere and a conversation in the queue (the sweep's list): the
 * ones a missed wake-up (another process's change, a restart) left waiting.
 */
export async function organizationsWithQueue(db: DbOrTx, limit: number) {
  const rows = await query<{ id: string }>(
    db,
    sql`select o.id from organizations o
        where (o.auto_assignment or exists (select 1 from teams t where t.organization_id = o.id and t.auto_assignment))
          and exists (select 1 from conversations c where c.organization_id = o.id and c.assignee_id is null
            and c.status = 'open')
        limit ${limit}`,
  );
  return rows.map((r) => r.id);
}

/** Organizations where automatic assignment is on somewhere: the events of the others are not looked at. */
export async function organizationsWithAutoAssignment(db: DbOrTx) {
  const rows = await query<{ id: string }>(
    db,
    sql`select o.id from organizations o where o.auto_assignment
        union select t.organization_id from teams t where t.auto_assignment`,
  );
  return rows.map((r) => r.id);
}

/** An assignee offline past their organization's grace period, on an unresolved conversation. */
const offlinePast = sql`c.assignee_id is not null and c.status <> 'resolved'
  and exists (select 1 from agents a join organizations o on o.id = a.organization_id
    where a.id = c.assignee_id and a.availability = 'offline' and o.reassign_offline_after_minutes is not null
      and a.availability_changed_at < now() - make_interval(mins => o.reassign_offline_after_minutes))`;

/** Conversations to take back from offline assignees, across organizations (the sweep's). */
export function offlineAssignments(db: DbOrTx, limit: number) {
  return query<{ id: string; organizationId: string }>(
    db,
    sql`select c.id, c.organization_id as "organizationId"
        from agents a
        join organizations o on o.id = a.organization_id
        join conversations c on c.organization_id = a.organization_id and c.assignee_id = a.id
          and c.status <> 'resolved'
        where a.availability = 'offline' and o.reassign_offline_after_minutes is not null
          and a.availability_changed_at < now() - make_interval(mins => o.reassign_offline_after_minutes)
        limit ${limit}`,
  );
}

/** The conversation's id if it is still to be taken back, locked; null if it changed or another process has it. */
export async function lockOfflineAssignment(tx: Tx, organizationId: string, id: string) {
  const rows = await query<{ id: string; minutes: number }>(
    tx,
    sql`select c.id, (select o.reassign_offline_after_minutes from organizations o where o.id = c.organization_id)
          as minutes
        from conversations c where c.organization_id = ${organizationId} and c.id = ${id} and ${offlinePast}
        for update of c skip locked`,
  );
  return rows[0] ?? null;
}
