import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { agents, organizations, visitors } from '../../db/schema.js';
import type { AuthorLabel } from '../messages/message.presenter.js';
import type { VisitorLabel } from './conversation.presenter.js';

/**
 * The one place names are looked up for display: agents (authors, assignees) and visitors (authors, the inbox's
 * visitor). Always scoped to the organization. What a client shows for a visitor without name or email
 * ("Visitor #12", "Erased visitor") is the protocol's `visitorDisplayName`.
 */
export async function agentLabels(db: DbOrTx, organizationId: string, agentIds: readonly string[]) {
  if (agentIds.length === 0) return new Map<string, AuthorLabel & { name: string }>();
  const rows = await db
    .select({ id: agents.id, name: agents.name, avatarUrl: agents.avatarUrl })
    .from(agents)
    .where(and(eq(agents.organizationId, organizationId), inArray(agents.id, [...new Set(agentIds)])));
  return new Map(rows.map((r) => [r.id, { name: r.name, avatarUrl: r.avatarUrl }]));
}

export async function visitorLabels(db: DbOrTx, organizationId: string, visitorIds: readonly string[]) {
  if (visitorIds.length === 0) return new Map<string, VisitorLabel>();
  const rows = await db
    .select({ id: visitors.id, name: visitors.name, email: visitors.email, erasedAt: visitors.erasedAt })
    .from(visitors)
    .where(and(eq(visitors.organizationId, organizationId), inArray(visitors.id, [...new Set(visitorIds)])));
  return new Map(rows.map((r) => [r.id, visitorLabelOf(r)]));
}

/** A visitor row as the inbox and the conversation header label it. */
export const visitorLabelOf = (v: {
  id: string;
  name: string | null;
  email: string | null;
  erasedAt: Date | null;
}): VisitorLabel => ({ id: v.id, name: v.name, email: v.email, isErased: v.erasedAt !== null });

export async function agentLabel(db: DbOrTx, organizationId: string, agentId: string | null) {
  return agentId ? ((await agentLabels(db, organizationId, [agentId])).get(agentId) ?? null) : null;
}

export async function visitorLabel(db: DbOrTx, organizationId: string, visitorId: string): Promise<VisitorLabel> {
  return (
    (await visitorLabels(db, organizationId, [visitorId])).get(visitorId) ?? {
      id: visitorId,
      name: null,
      email: null,
      isErased: false,
    }
  );
}

/** Author labels for stored messages, looked up in at most three queries whatever their number. */
export async function messageAuthors(
  db: DbOrTx,
  organizationId: string,
  rows: readonly AuthoredRow[],
): Promise<(m: AuthoredRow) => AuthorLabel | null> {
  const ids = (type: string) => rows.filter((m) => m.authorType === type && m.authorId).map((m) => m.authorId!);
  // One after the other: on a transaction's connection they would queue anyway.
  const byAgent = await agentLabels(db, organizationId, ids('agent'));
  const byVisitor = await visitorLabels(db, organizationId, ids('visitor'));
  // Automatic replies (modules/auto-replies) are signed with the organization's name, as the append statement does.
  const organization = rows.some(isAutoReply) ? await organizationLabel(db, organizationId) : null;
  return (m) => {
    if (isAutoReply(m)) return organization;
    if (!m.authorId) return null;
    if (m.authorType === 'agent') return byAgent.get(m.authorId) ?? null;
    const v = m.authorType === 'visitor' ? byVisitor.get(m.authorId) : undefined;
    return v ? { name: v.name, avatarUrl: null } : null;
  };
}

type AuthoredRow = { authorType: string; authorId: string | null; type?: string };
const isAutoReply = (m: AuthoredRow) => m.authorType === 'system' && m.type === 'message';

async function organizationLabel(db: DbOrTx, organizationId: string): Promise<AuthorLabel | null> {
  const [row] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row ? { name: row.name, avatarUrl: null } : null;
}
