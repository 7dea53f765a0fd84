import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { agents, apiTokens } from '../../db/schema.js';

const listed = {
  id: apiTokens.id,
  name: apiTokens.name,
  kind: apiTokens.kind,
  scopes: apiTokens.scopes,
  prefix: apiTokens.prefix,
  agentId: apiTokens.agentId,
  creatorName: agents.name,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  lastUsedIp: apiTokens.lastUsedIp,
};
export type ApiTokenRow = {
  id: string;
  name: string;
  kind: 'organization' | 'personal';
  scopes: string[];
  prefix: string;
  agentId: string;
  creatorName: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
};

export async function insertApiToken(
  db: DbOrTx,
  organizationId: string,
  values: Pick<ApiTokenRow, 'agentId' | 'kind' | 'name' | 'scopes' | 'prefix' | 'expiresAt'> & { tokenHash: string },
) {
  const [row] = await db
    .insert(apiTokens)
    .values({ organizationId, ...values })
    .returning({ id: apiTokens.id });
  return row!.id;
}

/** Live tokens (not revoked), newest first: an agent's own, or with `everyone` the whole organization's. */
export function listApiTokens(db: DbOrTx, organizationId: string, agentId: string, everyone: boolean) {
  return db
    .select(listed)
    .from(apiTokens)
    .innerJoin(agents, eq(agents.id, apiTokens.agentId))
    .where(
      and(
        eq(apiTokens.organizationId, organizationId),
        isNull(apiTokens.revokedAt),
        everyone ? undefined : and(eq(apiTokens.agentId, agentId), eq(apiTokens.kind, 'personal')),
      ),
    )
    .orderBy(desc(apiTokens.createdAt)) as Promise<ApiTokenRow[]>;
}

export async function findApiToken(db: DbOrTx, organizationId: string, id: string) {
  const [row] = (await db
    .select(listed)
    .from(apiTokens)
    .innerJoin(agents, eq(agents.id, apiTokens.agentId))
    .where(
      and(eq(apiTokens.organizationId, organizationId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)),
    )) as ApiTokenRow[];
  return row ?? null;
}

/** What authentication reads of a token: its state and its creator's current role. */
export async function findTokenForAuth(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({
      id: apiTokens.id,
      organizationId: apiTokens.organizationId,
      agentId: apiTokens.agentId,
      kind: apiTokens.kind,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      role: agents.role,
      isCreatorRemoved: sql<boolean>`${agents.removedAt} is not null`,
    })
    .from(apiTokens)
    .innerJoin(agents, eq(agents.id, apiTokens.agentId))
    .where(eq(apiTokens.tokenHash, tokenHash));
  return row ?? null;
}

/** Last use, written at most once a minute per token (or when the address changes). */
export async function touchApiToken(db: DbOrTx, id: string, ip: string) {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date(), lastUsedIp: ip })
    .where(
      and(
        eq(apiTokens.id, id),
        or(
          isNull(apiTokens.lastUsedAt),
          sql`${apiTokens.lastUsedAt} < now() - interval '1 minute'`,
          sql`${apiTokens.lastUsedIp} is distinct from ${ip}::inet`,
        ),
      ),
    );
}
