import { CANNED_LIMITS, type TCannedScope } from '@oceras/protocol';
import { isUniqueViolation } from '../../db/errors.js';
import { signalListChanged } from '../../events/list-changed.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { canWriteCannedResponse, scopeOf } from './canned-response.policy.js';
import { presentCannedResponse } from './canned-response.presenter.js';
import {
  deleteCannedResponse,
  findVisibleCannedResponse,
  insertCannedResponse,
  listCannedResponses,
  updateCannedResponse,
} from './canned-response.repo.js';

const sharedOnly = (scope: TCannedScope) =>
  forbidden(
    scope === 'shared' ? 'shared canned responses are managed by managers and admins' : 'you may not change this',
  );

/** The unique keys answer 409 with the one code clients branch on. */
async function uniqueShortcode<T>(scope: TCannedScope, shortcode: string | undefined, write: () => Promise<T>) {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, 'canned_responses_'))
      throw new AppError(
        'SHORTCODE_TAKEN',
        scope === 'shared'
          ? `a shared canned response already uses /${shortcode}`
          : `you already have a canned response /${shortcode}`,
      );
    throw err;
  }
}

export const cannedResponseHandlers = {
  async listCannedResponses({ services, principal, query }) {
    const rows = await listCannedResponses(
      services.db,
      principal.organizationId,
      principal.agentId,
      query.q ?? '',
      CANNED_LIMITS.listMax + 1,
    );
    return {
      cannedResponses: rows.slice(0, CANNED_LIMITS.listMax).map(presentCannedResponse),
      isTruncated: rows.length > CANNED_LIMITS.listMax,
    };
  },

  async createCannedResponse({ services, principal, body }) {
    if (!canWriteCannedResponse(principal, body.scope)) throw sharedOnly(body.scope);
    const row = await uniqueShortcode(body.scope, body.shortcode, () =>
      insertCannedResponse(services.db, principal.organizationId, {
        agentId: body.scope === 'personal' ? principal.agentId : null,
        shortcode: body.shortcode,
        title: body.title,
        body: body.body,
      }),
    );
    signalListChanged(services.bus, principal.organizationId, 'cannedResponses', row.agentId);
    return presentCannedResponse(row);
  },

  async updateCannedResponse({ services, principal, params, body }) {
    const found = await findVisibleCannedResponse(services.db, principal.organizationId, principal.agentId, params.id);
    if (!found) throw notFound('canned response');
    const scope = scopeOf(found);
    if (!canWriteCannedResponse(principal, scope)) throw sharedOnly(scope);
    const row = await uniqueShortcode(scope, body.shortcode, () =>
      updateCannedResponse(services.db, principal.organizationId, found.id, body),
    );
    if (!row) throw notFound('canned response');
    signalListChanged(services.bus, principal.organizationId, 'cannedResponses', row.agentId);
    return presentCannedResponse(row);
  },

  async deleteCannedResponse({ services, principal, params }) {
    const found = await findVisibleCannedResponse(services.db, principal.organizationId, principal.agentId, params.id);
    if (!found) throw notFound('canned response');
    const scope = scopeOf(found);
    if (!canWriteCannedResponse(principal, scope)) throw sharedOnly(scope);
    await deleteCannedResponse(services.db, principal.organizationId, found.id);
    signalListChanged(services.bus, principal.organizationId, 'cannedResponses', found.agentId);
    return { ok: true as const };
  },
} satisfies SomeHandlers;
