import { API_TOKEN_PREFIX } from '@oceras/protocol';
import { hashToken, randomToken } from '../../lib/crypto.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
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
    const id = await insertApiToken(services.db, principal.organizationId, {
      agentId: principal.agentId,
      kind: body.kind,
      name: body.name,
      scopes: body.scopes,
      prefix: token.slice(0, SHOWN),
      expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
      tokenHash: hashToken(token),
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
    await revokeApiTokens(services, services.db, {
      organizationId: principal.organizationId,
      agentId: row.agentId,
      tokenIds: [row.id],
    });
    return { ok: true as const };
  },
} satisfies SomeHandlers;
