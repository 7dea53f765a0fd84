import type { TConversationCounts } from '@oceras/protocol';
import type { ListFilter } from '@oceras/protocol/inbox';
import { createStore } from './store';

/** The built-in inbox views, in the nav's order; their names are `desk.views` in each language's catalog. */
export const VIEWS = [
  { id: 'mine' },
  { id: 'unassigned' },
  { id: 'all' },
  { id: 'open' },
  { id: 'pending' },
  { id: 'snoozed' },
  { id: 'resolved' },
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];

export const isViewId = (v: string | null | undefined): v is ViewId => VIEWS.some((x) => x.id === v);

/** A saved view's place among the inbox lists (`/inbox/view-<id>`): the built-in views and the saved ones. */
export type SavedViewKey = `view-${string}`;
export type ListId = ViewId | SavedViewKey;
export const savedViewKey = (id: string): SavedViewKey => `view-${id}`;
export const savedViewIdOf = (list: ListId) => (list.startsWith('view-') ? list.slice('view-'.length) : null);
export const isListId = (v: string | null | undefined): v is ListId =>
  isViewId(v) || /^view-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v ?? '');

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

/**
 * Where the inbox opens after sign-in when the address names no view: the agent's own work first, else what waits
 * for an owner, else Mine (empty). Counted as the counts count (not resolved).
 */
export function landingView(c: Pick<TConversationCounts, 'mine' | 'unassigned'>): ViewId {
  if (c.mine > 0) return 'mine';
  if (c.unassigned > 0) return 'unassigned';
  return 'mine';
}

/** The list shown beside an open conversation: the last one shown in this tab (kept across reloads). */
const LAST_VIEW_KEY = 'oceras.lastView';
const storage = typeof sessionStorage === 'undefined' ? null : sessionStorage;
const stored = storage?.getItem(LAST_VIEW_KEY);
export const lastView = createStore<ListId>(isListId(stored) ? stored : 'mine');
let isShown = isListId(stored);

/** An inbox view (built-in or saved) is on screen (its address was opened): remembered for this tab. */
export function showView(view: ListId) {
  lastView.set(view);
  isShown = true;
  storage?.setItem(LAST_VIEW_KEY, view);
}
/** Whether this tab has shown a view since sign-in: then the landing keeps it instead of choosing by counts. */
export const hasShownView = () => isShown;
/** At sign-out: the next sign-in (perhaps someone else's) lands by its own counts. */
export function forgetShownView() {
  lastView.set('mine');
  isShown = false;
  storage?.removeItem(LAST_VIEW_KEY);
}
/** Extra filters of the list (search has its own box and results: features/search). */
export const listExtras = createStore<Pick<ListFilter, 'tag' | 'assigneeId' | 'teamId' | 'priority'>>({});
