import { resolveFieldFilters, type TSavedViewFilters } from '@oceras/protocol';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import type { ListedFilter } from '../conversations/conversation.repo.js';
import { conversationFieldsForFilters } from '../custom-fields/field-filters.js';

type Fields = Awaited<ReturnType<typeof conversationFieldsForFilters>>;

/** The organization's conversation fields, read once for every view of a request. */
export const fieldsForViews = conversationFieldsForFilters;

/**
 * A stored view's filters as the list reads them, as the organization's fields are now: its `field.<key>` filters
 * that still apply become values to look for (the list query's rule), the others are set aside and named. So a
 * view whose field was deleted still lists and counts, by the filters it has left.
 */
export function resolveViewFilters(fields: Fields, filters: TSavedViewFilters) {
  const { values, problems } = resolveFieldFilters(fields, Object.entries(filters.fields ?? {}));
  const { fields: _stored, ...named } = filters;
  const listed: ListedFilter = { ...named, fields: Object.keys(values).length > 0 ? values : null };
  return { listed, inapplicable: problems };
}

/** A view being saved names only fields that exist, with values they can hold: else 400 naming each filter. */
export async function assertViewFieldsApply(db: DbOrTx, organizationId: string, filters: TSavedViewFilters) {
  if (!filters.fields || Object.keys(filters.fields).length === 0) return;
  const { inapplicable } = resolveViewFilters(await fieldsForViews(db, organizationId), filters);
  if (inapplicable.length === 0) return;
  const details = inapplicable.map((p) => ({ path: `filters.fields.${p.key}`, message: p.message }));
  throw new AppError('VALIDATION_FAILED', details.map((p) => `${p.path}: ${p.message}`).join('; '), details);
}
