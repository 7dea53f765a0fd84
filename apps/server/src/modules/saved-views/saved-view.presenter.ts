import type { TSavedView } from '@oceras/protocol';
import { scopeOf } from '../../lib/owner-scope.js';
import type { SavedViewRow } from './saved-view.repo.js';

export function presentSavedView(row: SavedViewRow): TSavedView {
  return {
    id: row.id,
    name: row.name,
    scope: scopeOf(row),
    filters: row.filters,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
