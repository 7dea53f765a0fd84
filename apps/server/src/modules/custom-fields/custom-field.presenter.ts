import type { TCustomField } from '@oceras/protocol';
import type { CustomFieldRow } from './custom-field.repo.js';

/** The only way a field definition leaves the server. */
export const presentCustomField = (row: CustomFieldRow): TCustomField => ({
  id: row.id,
  entity: row.entity,
  key: row.key,
  label: row.label,
  type: row.type,
  options: row.options,
  requiredOnResolve: row.requiredOnResolve,
  createdAt: row.createdAt.toISOString(),
});
