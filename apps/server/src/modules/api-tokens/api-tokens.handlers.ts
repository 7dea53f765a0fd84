import { API_TOKEN_PREFIX } from '@oceras/protocol';
import { inTransaction } from '../../db/transaction.js';
import { hashToken, randomToken } from '../../lib/crypto.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { recordAudit } from '../audit/record-audit.js';
import { canCreateApiToken, canManageApiToken } from './api-token.policy.js';
import { presentApiToken } from './api-token.presenter.js';
import { findApiToken, insertApiToken, listApiTokens } from './api-token.repo.js';
import { revokeApiTokens } from './revoke-api-tokens.js';

/** Shown in lists to recognise a token: the prefix and 8 characters of the secret (48 bits: not enough to guess). */
const SHOWN = API_TOKEN_PREFIX.length + 8;

export const apiTokenHandlers = {
  async createApiToken({ services, principal, body }) {
    if (!canCreateApiToken(principal, body.kind))
      throw new AppError('FORBIDDEN', 'organization tokens are created by admins; create a personal token');
    const token = randomToken(API_TOKEN_PREFIX);
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
    const id = await inTransaction(services, async (tx) => {
      const created = await insertApiToken(tx, principal.organizationId, {
        agentId: principal.agentId,
        kind: body.kind,
        name: body.name,
        scopes: body.scopes,
        prefix: token.slice(0, SHOWN),
        expiresAt,
        tokenHash: hashToken(token),
      });
      // What the token may do, never its name (a label people may put anything in) or its secret.
      await recordAudit(
        tx,
        principal,
        'api_token.created',
        { type: 'api_token', id: created },
        { kind: body.kind, scopes: body.scopes, expiresAt: expiresAt?.toISOString() ?? null },
      );
      return created;
    });
    const row = await findApiToken(services.db, principal.organizationId, id);
    return { ...presentApiToken(row!), token };
  },

  async listApiTokens({ services, principal }) {
    const rows = await listApiTokens(
      services.db,
      principal.organizationId,
      principal.agentId,
      principal.role === 'admin',
    );
    return { tokens: rows.map(presentApiToken) };
  },

  async revokeApiToken({ services, principal, params }) {
    const row = await findApiToken(services.db, principal.organizationId, params.id);
    if (!row || !canManageApiToken(principal, row)) throw notFound('API token');
    await inTransaction(services, async (tx, uow) => {
      const target = { organizationId: principal.organizationId, agentId: row.agentId, tokenIds: [row.id] };
      await revokeApiTokens(services, tx, target, uow);
      await recordAudit(tx, principal, 'api_token.revoked', { type: 'api_token', id: row.id }, { kind: row.kind });
    });
    return { ok: true as const };
  },
} satisfies SomeHandlers;
