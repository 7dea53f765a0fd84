import type { TContactFilter } from '@oceras/protocol';
import { and, asc, desc, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { agents, visitorNotes, visitors } from '../../db/schema.js';

export type VisitorRow = typeof visitors.$inferSelect;
export type NoteRow = typeof visitorNotes.$inferSelect & { authorName: string | null };

/** A LIKE pattern matching what contains `text`, its own `%`, `_` and `\` taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const FILTERS: Record<TContactFilter, SQL | undefined> = {
  all: isNull(visitors.erasedAt),
  identified: and(isNull(visitors.erasedAt), isNotNull(visitors.externalUserId)),
  anonymous: and(isNull(visitors.erasedAt), isNull(visitors.externalUserId)),
  'with-email': and(isNull(visitors.erasedAt), isNotNull(visitors.email)),
  erased: isNotNull(visitors.erasedAt),
};

/**
 * A page of the organization's contacts, newest seen first: keyset on (last_seen_at, id) over visitors_list_idx;
 * `q` is an ILIKE on name, email, phone and company (their trigram indexes where pg_trgm is installed, 0012/0020).
 * Each row carries its conversation count (one index lookup per row of the page).
 */
export function listContacts(
  db: DbOrTx,
  organizationId: string,
  f: { q?: string; filter: TContactFilter; after: { at: Date; id: string } | null; limit: number },
) {
  const pattern = f.q ? containing(f.q) : null;
  return db
    .select({
      visitor: visitors,
      // The outer row named in full: drizzle writes a bare "id" here, which the subquery would read as its own.
      conversationCount: sql<number>`(select count(*)::int from conversations c
        where c.organization_id = ${organizationId} and c.visitor_id = visitors.id)`,
    })
    .from(visitors)
    .where(
      and(
        eq(visitors.organizationId, organizationId),
        FILTERS[f.filter],
        pattern
          ? sql`(${visitors.name} ilike ${pattern} or ${visitors.email} ilike ${pattern}
              or ${visitors.phone} ilike ${pattern} or ${visitors.company} ilike ${pattern})`
          : undefined,
        f.after ? sql`(${visitors.lastSeenAt}, ${visitors.id}) < (${f.after.at}, ${f.after.id})` : undefined,
      ),
    )
    .orderBy(desc(visitors.lastSeenAt), desc(visitors.id))
    .limit(f.limit + 1);
}

/** A page of every contact for the CSV export, in id order after `after` (erased ones left out). */
export function contactsPage(db: DbOrTx, organizationId: string, after: VisitorRow | null, size: number) {
  return db
    .select()
    .from(visitors)
    .where(
      and(
        eq(visitors.organizationId, organizationId),
        isNull(visitors.erasedAt),
        after ? sql`${visitors.id} > ${after.id}` : undefined,
      ),
    )
    .orderBy(asc(visitors.id))
    .limit(size);
}

/**
 * Visitors of the organization by id. Not locked: a merge locks the conversations first (mergeVisitorInto), as every
 * writer does (conversation, organization, visitor: record-event.ts).
 */
export function findVisitors(db: DbOrTx, organizationId: string, ids: readonly string[]) {
  return db
    .select()
    .from(visitors)
    .where(and(eq(visitors.organizationId, organizationId), inArray(visitors.id, [...ids])));
}

/** Live (not erased) visitors with these emails (lowercase), for the import's upsert; the oldest seen per email. */
export async function visitorsByEmail(tx: Tx, organizationId: string, emails: readonly string[]) {
  if (emails.length === 0) return new Map<string, VisitorRow>();
  const rows = await tx
    .select()
    .from(visitors)
    .where(
      and(
        eq(visitors.organizationId, organizationId),
        isNull(visitors.erasedAt),
        inArray(sql`lower(${visitors.email})`, [...emails]),
      ),
    )
    .orderBy(asc(visitors.firstSeenAt), asc(visitors.id))
    .for('no key update');
  const byEmail = new Map<string, VisitorRow>();
  for (const r of rows) if (r.email && !byEmail.has(r.email.toLowerCase())) byEmail.set(r.email.toLowerCase(), r);
  return byEmail;
}

export async function insertContact(tx: Tx, organizationId: string, values: Partial<VisitorRow>) {
  const [row] = await tx
    .insert(visitors)
    .values({ ...values, organizationId })
    .returning();
  return row!;
}

export async function updateContact(tx: Tx, organizationId: string, id: string, values: Partial<VisitorRow>) {
  await tx
    .update(visitors)
    .set(values)
    .where(and(eq(visitors.organizationId, organizationId), eq(visitors.id, id), isNull(visitors.erasedAt)));
}

// ---- Notes ----

const NOTE_VIEW = {
  id: visitorNotes.id,
  organizationId: visitorNotes.organizationId,
  visitorId: visitorNotes.visitorId,
  authorId: visitorNotes.authorId,
  body: visitorNotes.body,
  createdAt: visitorNotes.createdAt,
  authorName: agents.name,
};

/** Notes about a visitor: the newest `limit` (the contact page), or every one oldest first (their export). */
export function listNotes(
  db: DbOrTx,
  organizationId: string,
  visitorId: string,
  which: { limit: number } | 'all',
): Promise<NoteRow[]> {
  const q = db
    .select(NOTE_VIEW)
    .from(visitorNotes)
    .leftJoin(agents, eq(agents.id, visitorNotes.authorId))
    .where(and(eq(visitorNotes.organizationId, organizationId), eq(visitorNotes.visitorId, visitorId)));
  return which === 'all'
    ? q.orderBy(asc(visitorNotes.createdAt), asc(visitorNotes.id))
    : q.orderBy(desc(visitorNotes.createdAt), desc(visitorNotes.id)).limit(which.limit);
}

/** The notes an agent wrote, oldest first: their own export. */
export function notesByAuthor(db: DbOrTx, organizationId: string, agentId: string) {
  return db
    .select()
    .from(visitorNotes)
    .where(and(eq(visitorNotes.organizationId, organizationId), eq(visitorNotes.authorId, agentId)))
    .orderBy(asc(visitorNotes.createdAt), asc(visitorNotes.id));
}

export async function insertNote(
  db: DbOrTx,
  organizationId: string,
  values: { visitorId: string; authorId: string; body: string },
) {
  const [row] = await db
    .insert(visitorNotes)
    .values({ organizationId, ...values })
    .returning();
  return row!;
}

export async function findNote(db: DbOrTx, organizationId: string, visitorId: string, noteId: string) {
  const [row] = await db
    .select()
    .from(visitorNotes)
    .where(
      and(
        eq(visitorNotes.organizationId, organizationId),
        eq(visitorNotes.visitorId, visitorId),
        eq(visitorNotes.id, noteId),
      ),
    );
  return row ?? null;
}

export async function deleteNote(db: DbOrTx, organizationId: string, noteId: string) {
  await db
    .delete(visitorNotes)
    .where(and(eq(visitorNotes.organizationId, organizationId), eq(visitorNotes.id, noteId)));
}
