import type { TBusinessHours } from '@oceras/protocol';
import { and, asc, eq, inArray, isNotNull, isNull, notInArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { agents, conversations, teamMembers, teams } from '../../db/schema.js';

export type TeamRow = typeof teams.$inferSelect;

/** The organization's teams by name, each with its members (removed agents left out). */
export async function listTeams(db: DbOrTx, organizationId: string) {
  const rows = await db
    .select()
    .from(teams)
    .where(eq(teams.organizationId, organizationId))
    .orderBy(asc(sql`lower(${teams.name})`), asc(teams.id));
  const members = await membersOf(
    db,
    organizationId,
    rows.map((t) => t.id),
  );
  return rows.map((t) => ({ team: t, agentIds: members.get(t.id) ?? [] }));
}

/** Team id -> its members' ids, by name. */
export async function membersOf(db: DbOrTx, organizationId: string, teamIds: string[]) {
  const out = new Map<string, string[]>();
  if (teamIds.length === 0) return out;
  const rows = await db
    .select({ teamId: teamMembers.teamId, agentId: teamMembers.agentId })
    .from(teamMembers)
    .innerJoin(agents, eq(agents.id, teamMembers.agentId))
    .where(
      and(
        eq(teamMembers.organizationId, organizationId),
        inArray(teamMembers.teamId, teamIds),
        isNull(agents.removedAt),
      ),
    )
    .orderBy(asc(agents.name), asc(agents.id));
  for (const r of rows) out.set(r.teamId, [...(out.get(r.teamId) ?? []), r.agentId]);
  return out;
}

export async function insertTeam(
  tx: Tx,
  organizationId: string,
  values: { name: string; autoAssignment: boolean; businessHours: TBusinessHours | null },
) {
  const [row] = await tx
    .insert(teams)
    .values({ organizationId, ...values })
    .returning();
  return row!;
}

/** The team, locked for the update; undefined if it is not the organization's. */
export async function lockTeam(tx: Tx, organizationId: string, id: string) {
  const [row] = await tx
    .select()
    .from(teams)
    .where(and(eq(teams.organizationId, organizationId), eq(teams.id, id)))
    .for('update');
  return row;
}

export async function updateTeamRow(
  tx: Tx,
  organizationId: string,
  id: string,
  values: { name?: string; autoAssignment?: boolean; businessHours?: TBusinessHours | null },
) {
  if (Object.keys(values).length === 0) return;
  await tx
    .update(teams)
    .set(values)
    .where(and(eq(teams.organizationId, organizationId), eq(teams.id, id)));
}

/** How many of these ids are current agents of the organization. */
export async function countAgents(db: DbOrTx, organizationId: string, agentIds: string[]) {
  if (agentIds.length === 0) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(agents)
    .where(and(eq(agents.organizationId, organizationId), inArray(agents.id, agentIds), isNull(agents.removedAt)));
  return row?.n ?? 0;
}

/** The members become exactly `agentIds`. */
export async function replaceMembers(tx: Tx, organizationId: string, teamId: string, agentIds: string[]) {
  const scope = and(eq(teamMembers.organizationId, organizationId), eq(teamMembers.teamId, teamId));
  await tx
    .delete(teamMembers)
    .where(agentIds.length > 0 ? and(scope, notInArray(teamMembers.agentId, agentIds)) : scope);
  if (agentIds.length > 0)
    await tx
      .insert(teamMembers)
      .values(agentIds.map((agentId) => ({ organizationId, teamId, agentId })))
      .onConflictDoNothing();
}

/** Takes the team off its conversations (answered, for their events), then deletes it; false if it was not there. */
export async function deleteTeamRow(tx: Tx, organizationId: string, id: string) {
  const moved = await tx
    .update(conversations)
    .set({ teamId: null })
    .where(and(eq(conversations.organizationId, organizationId), eq(conversations.teamId, id)))
    .returning();
  const gone = await tx
    .delete(teams)
    .where(and(eq(teams.organizationId, organizationId), eq(teams.id, id)))
    .returning({ id: teams.id });
  return gone.length > 0 ? moved : null;
}

/** The teams an agent is a member of (their export). */
export function teamsOfAgent(db: DbOrTx, organizationId: string, agentId: string) {
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teamMembers.organizationId, organizationId), eq(teamMembers.agentId, agentId)))
    .orderBy(asc(teams.name));
}

/** Team id -> its own business hours, for the organization's teams that have some (applicableHours). */
export async function teamHours(db: DbOrTx, organizationId: string): Promise<Map<string, TBusinessHours>> {
  const rows = await db
    .select({ id: teams.id, businessHours: teams.businessHours })
    .from(teams)
    .where(and(eq(teams.organizationId, organizationId), isNotNull(teams.businessHours)));
  return new Map(rows.map((r) => [r.id, r.businessHours as TBusinessHours]));
}
