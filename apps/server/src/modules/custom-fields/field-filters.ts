import { FIELD_FILTER_PREFIX, fieldFiltersOf, resolveFieldFilters, type TCustomFieldValues } from '@oceras/protocol';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { listFields } from './custom-field.repo.js';

/** The organization's conversation fields, as the filters' rule reads them (saved views resolve theirs with it). */
export const conversationFieldsForFilters = (db: DbOrTx, organizationId: string) =>
  listFields(db, organizationId, 'conversation');

/**
 * The list query's `field.<key>=<value>` filters as the values to look for (the protocol's `resolveFieldFilters`), or
 * null when there are none. An unknown key or a value the field could not hold answers 400 naming the parameter.
 */
export async function parseFieldFilters(
  db: DbOrTx,
  organizationId: string,
  query: Record<string, unknown>,
): Promise<TCustomFieldValues | null> {
  const filters = fieldFiltersOf(query);
  if (filters.length === 0) return null;
  const { values, problems } = resolveFieldFilters(await conversationFieldsForFilters(db, organizationId), filters);
  if (problems.length > 0) {
    const details = problems.map((p) => ({ path: FIELD_FILTER_PREFIX + p.key, message: p.message }));
    throw new AppError('VALIDATION_FAILED', details.map((p) => `${p.path}: ${p.message}`).join('; '), details);
  }
  return values;
}
