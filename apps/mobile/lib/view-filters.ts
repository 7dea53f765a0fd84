import type { TSavedView, TSavedViewFilters } from '@oceras/protocol';
import type { ListFilter } from '@oceras/protocol/inbox';

/** What the filter panel chooses (the rest of a view's filters it shows but does not change). */
export type PanelFilter = Pick<ListFilter, 'view' | 'status' | 'teamId' | 'tag'>;

/**
 * A saved view's filters with the panel's choices (status, assignee, team, tag) in place of its own: the
 * dashboard's model (TSavedViewFilters, the inbox list's own query), which `updateSavedView` replaces whole. The
 * filters the panel does not show (priority, one assignee, search text, custom fields) are kept, except custom
 * field filters that no longer apply: the server would refuse them, and the dashboard drops them on saving too.
 */
export function viewFiltersWith(view: TSavedView, panel: PanelFilter): TSavedViewFilters {
  const { view: _view, status: _status, teamId: _teamId, tag: _tag, fields, ...kept } = view.filters;
  const stale = new Set(view.inapplicableFilters.map((p) => p.key));
  const live = Object.fromEntries(Object.entries(fields ?? {}).filter(([key]) => !stale.has(key)));
  return {
    ...kept,
    view: panel.view,
    ...(panel.status ? { status: panel.status } : {}),
    ...(panel.teamId ? { teamId: panel.teamId } : {}),
    ...(panel.tag ? { tag: panel.tag } : {}),
    ...(Object.keys(live).length > 0 ? { fields: live } : {}),
  };
}
