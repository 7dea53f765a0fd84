import type { TConversationCounts } from '@oceras/protocol';
import type { ListFilter } from '@oceras/protocol/inbox';
import { createStore } from './store';

export const VIEWS = [
  { id: 'mine', label: 'Mine' },
  { id: 'unassigned', label: 'Unassigned' },
  { id: 'all', label: 'All' },
  { id: 'open', label: 'Open' },
  { id: 'pending', label: 'Pending' },
  { id: 'snoozed', label: 'Snoozed' },
  { id: 'resolved', label: 'Resolved' },
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];

export const isViewId = (v: string | null | undefined): v is ViewId => VIEWS.some((x) => x.id === v);

/** Mine, Unassigned and All hold what is not resolved (as the counts do); the status views hold one status. */
export function viewFilter(view: ViewId): ListFilter {
  if (view === 'mine' || view === 'unassigned' || view === 'all') return { view, status: 'unresolved' };
  return { view: 'all', status: view };
}

export function viewCount(view: ViewId, c: TConversationCounts | undefined) {
  if (!c) return undefined;
  if (view === 'mine' || view === 'unassigned' || view === 'all') return c[view];
  return c.byStatus[view];
}

/** The list shown beside an open conversation: the last one picked in this tab (kept across reloads). */
const LAST_VIEW_KEY = 'oceras.lastView';
const stored = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(LAST_VIEW_KEY);
export const lastView = createStore<ViewId>(isViewId(stored) ? stored : 'mine');
lastView.subscribe(() => {
  if (typeof sessionStorage !== 'undefined') sessionStorage.setItem(LAST_VIEW_KEY, lastView.get());
});
/** Extra filters and search, shared by the list and the top bar. */
export const listExtras = createStore<Pick<ListFilter, 'tag' | 'assigneeId' | 'priority' | 'q'>>({});
