import { SAVED_VIEW_LIMITS } from '@oceras/protocol';
import type { DbOrTx } from '../../db/client.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { canWriteScoped, type OwnerScope, scopeOf } from '../../lib/owner-scope.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import type { AgentPrincipal } from '../../principals.js';
import { recordAudit } from '../audit/record-audit.js';
import { countListed } from '../conversations/conversation.repo.js';
import { presentSavedView } from './saved-view.presenter.js';
import {
  countOwnedSavedViews,
  deleteSavedView,
  findVisibleSavedView,
  insertSavedView,
  listSavedViews,
  type SavedViewRow,
  updateSavedView,
} from './saved-view.repo.js';

const sharedOnly = (scope: OwnerScope) =>
  forbidden(scope === 'shared' ? 'shared views are managed by managers and admins' : 'you may not change this');

/** A view the actor may see and write (404 for another agent's personal one, 403 for a shared one to an agent). */
async function writable(db: DbOrTx, actor: AgentPrincipal, id: string) {
  const found = await findVisibleSavedView(db, actor.organizationId, actor.agentId, id);
  if (!found) throw notFound('saved view');
  if (!canWriteScoped(actor, scopeOf(found))) throw sharedOnly(scopeOf(found));
  return found;
}

/** Shared views are the organization's settings: their changes go to the audit log (no names, only fields). */
async function auditShared(
  db: DbOrTx,
  actor: AgentPrincipal,
  row: SavedViewRow,
  action: 'saved_view.created' | 'saved_view.updated' | 'saved_view.deleted',
  fields: string[] = [],
) {
  if (scopeOf(row) !== 'shared') return;
  await recordAudit(db, actor, action, { type: 'saved_view', id: row.id }, fields.length ? { fields } : {});
}

export const savedViewHandlers = {
  async listSavedViews({ services, principal }) {
    const rows = await listSavedViews(services.db, principal.organizationId, principal.agentId);
    return { savedViews: rows.map(presentSavedView) };
  },

  /** Recounted by the apps after conversation events, with the inbox counts (debounced). */
  async countSavedViews({ services, principal }) {
    const rows = await listSavedViews(services.db, principal.organizationId, principal.agentId);
    const counts = await countListed(
      services.db,
      principal.organizationId,
      principal.agentId,
      rows.map((r) => ({ id: r.id, filter: r.filters })),
      SAVED_VIEW_LIMITS.countCap,
    );
    return { counts: rows.map((r) => ({ id: r.id, count: counts.get(r.id) ?? 0 })) };
  },

  async createSavedView({ services, principal, body }) {
    if (!canWriteScoped(principal, body.scope)) throw sharedOnly(body.scope);
    const agentId = body.scope === 'personal' ? principal.agentId : null;
    const row = await inTransaction(services, async (tx) => {
      if ((await countOwnedSavedViews(tx, principal.organizationId, agentId)) >= SAVED_VIEW_LIMITS.perOwnerMax)
        throw new AppError('CONFLICT', `at most ${SAVED_VIEW_LIMITS.perOwnerMax} ${body.scope} views`);
      const created = await insertSavedView(tx, principal.organizationId, {
        agentId,
        name: body.name,
        filters: body.filters,
      });
      await auditShared(tx, principal, created, 'saved_view.created');
      return created;
    });
    return presentSavedView(row);
  },

  async updateSavedView({ services, principal, params, body }) {
    const row = await inTransaction(services, async (tx) => {
      const found = await writable(tx, principal, params.id);
      const updated = await updateSavedView(tx, principal.organizationId, found.id, body);
      if (!updated) throw notFound('saved view');
      await auditShared(tx, principal, updated, 'saved_view.updated', Object.keys(body).sort());
      return updated;
    });
    return presentSavedView(row);
  },

  async deleteSavedView({ services, principal, params }) {
    await inTransaction(services, async (tx) => {
      const found = await writable(tx, principal, params.id);
      await deleteSavedView(tx, principal.organizationId, found.id);
      await auditShared(tx, principal, found, 'saved_view.deleted');
    });
    return { ok: true as const };
  },
} satisfies SomeHandlers;
