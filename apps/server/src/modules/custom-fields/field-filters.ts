import { FIELD_FILTER_PREFIX, fieldFiltersOf, parseFieldFilter, type TCustomFieldValues } from '@oceras/protocol';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { listFields } from './custom-field.repo.js';

/**
 * The list query's `field.<key>=<value>` filters as the values to look for (the protocol's `parseFieldFilter`), or
 * null when there are none. An unknown key or a value the field could not hold answers 400 naming the parameter.
 */
export async function parseFieldFilters(
  db: DbOrTx,
  organizationId: string,
  query: Record<string, unknown>,
): Promise<TCustomFieldValues | null> {
  const filters = fieldFiltersOf(query);
  if (filters.length === 0) return null;
  const byKey = new Map((await listFields(db, organizationId, 'conversation')).map((f) => [f.key, f]));
  const out: TCustomFieldValues = {};
  const problems: { path: string; message: string }[] = [];
  for (const [key, raw] of filters) {
    const field = byKey.get(key);
    const parsed = field ? parseFieldFilter(field, raw) : { ok: false as const, message: 'no such conversation field' };
    if (parsed.ok && parsed.value !== null) out[key] = parsed.value;
    else problems.push({ path: FIELD_FILTER_PREFIX + key, message: parsed.ok ? 'must not be empty' : parsed.message });
  }
  if (problems.length > 0)
    throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  return out;
}
