import type { TApiScope, TApiToken } from '@oceras/protocol';
import type { ApiTokenRow } from './api-token.repo.js';

export function presentApiToken(row: ApiTokenRow): TApiToken {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    scopes: row.scopes as TApiScope[],
    prefix: row.prefix,
    creator: row.creatorName === null ? null : { id: row.agentId, name: row.creatorName },
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: row.lastUsedIp,
  };
}
