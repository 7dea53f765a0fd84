import type { FieldFilterProblem, TSavedView } from '@oceras/protocol';
import type { DbOrTx } from '../../db/client.js';
import { scopeOf } from '../../lib/owner-scope.js';
import type { SavedViewRow } from './saved-view.repo.js';
import { fieldsForViews, resolveViewFilters } from './view-filters.js';

export function presentSavedView(row: SavedViewRow, inapplicableFilters: FieldFilterProblem[]): TSavedView {
  return {
    id: row.id,
    name: row.name,
    scope: scopeOf(row),
    filters: row.filters,
    inapplicableFilters,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Views presented with the filters that no longer apply, the organization's fields read once. */
export async function presentSavedViews(db: DbOrTx, organizationId: string, rows: SavedViewRow[]) {
  const fields = rows.some((r) => r.filters.fields) ? await fieldsForViews(db, organizationId) : [];
  return rows.map((r) => presentSavedView(r, resolveViewFilters(fields, r.filters).inapplicable));
}
