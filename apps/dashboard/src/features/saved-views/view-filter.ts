import type { TCustomField, TSavedView } from '@oceras/protocol';
import { type FieldFilterProblem, resolveFieldFilters } from '@oceras/protocol/custom-field-rules';
import type { ListFilter } from '@oceras/protocol/inbox';

/**
 * A saved view as an inbox list: its named filters as they are, its `field.<key>` filters read against the
 * organization's conversation fields by the rule the server counts it with (`resolveFieldFilters`). The ones that
 * no longer apply (the field deleted, an option removed) are left out of the list and named, so the view still opens.
 */
export function savedViewFilter(
  view: TSavedView,
  fields: readonly TCustomField[],
): { filter: ListFilter; inapplicable: FieldFilterProblem[] } {
  const { fields: stored, ...named } = view.filters;
  if (!stored || Object.keys(stored).length === 0) return { filter: named, inapplicable: [] };
  const conversationFields = fields.filter((f) => f.entity === 'conversation');
  const { values, problems } = resolveFieldFilters(conversationFields, Object.entries(stored));
  return { filter: Object.keys(values).length > 0 ? { ...named, fields: values } : named, inapplicable: problems };
}

export const hasFieldFilters = (view: TSavedView | null | undefined) =>
  Object.keys(view?.filters.fields ?? {}).length > 0;
