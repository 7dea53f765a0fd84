import { SAVED_VIEW_LIMITS, type TSavedViewScope } from '@oceras/protocol';
import type { DbOrTx, Tx } from '../../db/client.js';
import { inTransaction } from '../../db/transaction.js';
import { signalListChanged } from '../../events/list-changed.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { canManageShared, canWriteScoped, type OwnerScope, scopeOf } from '../../lib/owner-scope.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import type { AgentPrincipal } from '../../principals.js';
import { recordAudit } from '../audit/record-audit.js';
import { countListed } from '../conversations/conversation.repo.js';
import { presentSavedView, presentSavedViews } from './saved-view.presenter.js';
import {
  countOwnedSavedViews,
  deleteSavedView,
  findVisibleSavedView,
  insertSavedView,
  listSavedViews,
  lockOwner,
  type SavedViewRow,
  updateSavedView,
} from './saved-view.repo.js';
import { assertViewFieldsApply, fieldsForViews, resolveViewFilters } from './view-filters.js';

const sharedOnly = (scope: OwnerScope) =>
  forbidden(scope === 'shared' ? 'shared views are managed by managers and admins' : 'you may not change this');

/** A view the actor may see and write (404 for another agent's personal one, 403 for a shared one to an agent). */
async function writable(db: DbOrTx, actor: AgentPrincipal, id: string) {
  const found = await findVisibleSavedView(db, actor.organizationId, actor.agentId, id);
  if (!found) throw notFound('saved view');
  if (!canWriteScoped(actor, scopeOf(found))) throw sharedOnly(scopeOf(found));
  return found;
}

/**
 * The owner a view is about to join has room for it. Called under `lockOwner`, so the count is the one the insert
 * (or the move) will change: no other transaction adds to that owner in between.
 */
async function assertRoom(tx: Tx, organizationId: string, agentId: string | null, scope: TSavedViewScope) {
  await lockOwner(tx, organizationId, agentId);
  if ((await countOwnedSavedViews(tx, organizationId, agentId)) >= SAVED_VIEW_LIMITS.perOwnerMax)
    throw new AppError('CONFLICT', `at most ${SAVED_VIEW_LIMITS.perOwnerMax} ${scope} views`);
}

/** Shared views are the organization's settings: their changes go to the audit log (no names, only fields). */
async function auditShared(
  db: DbOrTx,
  actor: AgentPrincipal,
  row: SavedViewRow,
  action: 'saved_view.created' | 'saved_view.updated' | 'saved_view.deleted',
  fields: string[] = [],
) {
  await recordAudit(db, actor, action, { type: 'saved_view', id: row.id }, fields.length ? { fields } : {});
}

export const savedViewHandlers = {
  async listSavedViews({ services, principal }) {
    const rows = await listSavedViews(services.db, principal.organizationId, principal.agentId);
    return { savedViews: await presentSavedViews(services.db, principal.organizationId, rows) };
  },

  /**
   * Recounted by the apps after conversation events, with the inbox counts (debounced). A filter that no longer
   * applies is left out, as the list leaves it out.
   */
  async countSavedViews({ services, principal }) {
    const rows = await listSavedViews(services.db, principal.organizationId, principal.agentId);
    const fields = rows.some((r) => r.filters.fields)
      ? await fieldsForViews(services.db, principal.organizationId)
      : [];
    const counts = await countListed(
      services.db,
      principal.organizationId,
      principal.agentId,
      rows.map((r) => ({ id: r.id, filter: resolveViewFilters(fields, r.filters).listed })),
      SAVED_VIEW_LIMITS.countCap,
    );
    return { counts: rows.map((r) => ({ id: r.id, count: counts.get(r.id) ?? 0 })) };
  },

  async createSavedView({ services, principal, body }) {
    if (!canWriteScoped(principal, body.scope)) throw sharedOnly(body.scope);
    const { organizationId } = principal;
    await assertViewFieldsApply(services.db, organizationId, body.filters);
    const agentId = body.scope === 'personal' ? principal.agentId : null;
    const row = await inTransaction(services, async (tx, uow) => {
      await assertRoom(tx, organizationId, agentId, body.scope);
      uow.afterCommit.push(() => signalListChanged(services.bus, organizationId, 'savedViews', agentId));
      const created = await insertSavedView(tx, organizationId, { agentId, name: body.name, filters: body.filters });
      if (body.scope === 'shared') await auditShared(tx, principal, created, 'saved_view.created');
      return created;
    });
    return presentSavedView(row, []);
  },

  /** Name, filters, and who owns it: a move to another scope takes a manager or admin and room with the new owner. */
  async updateSavedView({ services, principal, params, body }) {
    const { organizationId } = principal;
    if (body.filters) await assertViewFieldsApply(services.db, organizationId, body.filters);
    const row = await inTransaction(services, async (tx, uow) => {
      const found = await writable(tx, principal, params.id);
      const from = scopeOf(found);
      const to = body.scope ?? from;
      // A move either way touches the shared views; a shared view made personal becomes the caller's own.
      if (to !== from && !canManageShared(principal)) throw sharedOnly('shared');
      const agentId = to === 'shared' ? null : to === from ? found.agentId : principal.agentId;
      if (to !== from) await assertRoom(tx, organizationId, agentId, to);
      const { scope: _scope, ...values } = body;
      const updated = await updateSavedView(tx, organizationId, found.id, { ...values, agentId });
      if (!updated) throw notFound('saved view');
      // Shared before or after: every sidebar changes; else only the owner's other tabs.
      const audience = from === 'shared' || to === 'shared' ? null : found.agentId;
      uow.afterCommit.push(() => signalListChanged(services.bus, organizationId, 'savedViews', audience));
      if (from === 'shared' || to === 'shared')
        await auditShared(tx, principal, updated, 'saved_view.updated', Object.keys(body).sort());
      return updated;
    });
    return (await presentSavedViews(services.db, organizationId, [row]))[0]!;
  },

  async deleteSavedView({ services, principal, params }) {
    await inTransaction(services, async (tx, uow) => {
      const found = await writable(tx, principal, params.id);
      await deleteSavedView(tx, principal.organizationId, found.id);
      uow.afterCommit.push(() =>
        signalListChanged(services.bus, principal.organizationId, 'savedViews', found.agentId),
      );
      if (scopeOf(found) === 'shared') await auditShared(tx, principal, found, 'saved_view.deleted');
    });
    return { ok: true as const };
  },
} satisfies SomeHandlers;
