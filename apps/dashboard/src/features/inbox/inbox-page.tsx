import type { TCustomField, TPriority, TSavedView } from '@oceras/protocol';
import type { FieldFilterProblem } from '@oceras/protocol/custom-field-rules';
import type { ListFilter } from '@oceras/protocol/inbox';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { Link, useLocation } from 'wouter';
import { fill, fillNodes, useStrings } from '../../i18n/i18n';
import { paths } from '../../lib/paths';
import { queries, useAgents, useTeams } from '../../lib/queries';
import { useShortcuts } from '../../lib/shortcuts';
import { useStore } from '../../lib/store';
import {
  isListId,
  isViewId,
  type ListId,
  lastView,
  listExtras,
  savedViewIdOf,
  showView,
  type ViewId,
  viewFilter,
} from '../../lib/views';
import { SavedViewControls } from '../saved-views/saved-view-controls';
import { hasFieldFilters, savedViewFilter } from '../saved-views/view-filter';
import { ConversationList } from './conversation-list';
import { useConversationList } from './use-conversation-list';
import { useSelection } from './use-selection';

// The open conversation (thread, composer, files, actions) loads apart from the list: the inbox's first screen does
// not wait for it, and it is fetched once the list is up, so opening one does not wait either.
const loadConversationView = () => import('../conversation/conversation-view');
const ConversationView = lazy(() => loadConversationView().then((m) => ({ default: m.ConversationView })));

const BulkBar = lazy(() => import('./bulk-bar'));

/**
 * The list on the left, the open conversation on the right; on a narrow screen one at a time. The list is a
 * built-in view with the filters row, or a saved view (`view-<id>`) with its own filters.
 */
export function InboxPage({ view, conversationId }: { view: string | null; conversationId: string | null }) {
  const remembered = useStore(lastView);
  const strings = useStrings();
  const t = strings.inbox;
  const current = isListId(view) ? view : remembered;
  useEffect(() => {
    if (isListId(view)) showView(view);
  }, [view]);
  const savedId = savedViewIdOf(current);
  const saved = useQuery({ ...queries.savedViews(), enabled: savedId !== null });
  const savedView = savedId === null ? null : saved.data?.savedViews.find((v) => v.id === savedId);
  const extras = useStore(listExtras);
  // A view with custom field filters reads them against the fields as they are now (deleted ones no longer apply).
  const fieldDefs = useQuery({ ...queries.customFields(), enabled: hasFieldFilters(savedView) });
  const resolved = useMemo(
    () => (savedView ? savedViewFilter(savedView, fieldDefs.data?.fields ?? []) : null),
    [savedView, fieldDefs.data],
  );
  const filter = useMemo(
    () => (savedId === null ? { ...viewFilter(current as ViewId), ...extras } : (resolved?.filter ?? null)),
    [current, savedId, extras, resolved],
  );
  if (savedView && hasFieldFilters(savedView) && !fieldDefs.data)
    return fieldDefs.isError ? (
      <p className="empty" role="alert">
        {t.fieldsFailed}
      </p>
    ) : (
      <p className="empty" aria-busy="true">
        {strings.common.loading}
      </p>
    );
  if (!filter)
    return saved.isPending ? (
      <p className="empty" aria-busy="true">
        {strings.common.loading}
      </p>
    ) : (
      <section className="page">
        <h1>{t.viewNotFound}</h1>
        <p>{t.viewGone}</p>
        <Link href={paths.inbox('mine')}>{t.goToMine}</Link>
      </section>
    );
  const label = savedView?.name ?? (isViewId(current) ? strings.desk.views[current] : t.inbox);
  return (
    <Inbox
      list={current}
      filter={filter}
      label={label}
      savedView={savedView ?? null}
      inapplicable={resolved?.inapplicable ?? []}
      fields={fieldDefs.data?.fields ?? []}
      conversationId={conversationId}
    />
  );
}

function Inbox({
  list: current,
  filter,
  label,
  savedView,
  inapplicable,
  fields,
  conversationId,
}: {
  list: ListId;
  filter: ListFilter;
  label: string;
  savedView: TSavedView | null;
  inapplicable: FieldFilterProblem[];
  fields: TCustomField[];
  conversationId: string | null;
}) {
  const [, navigate] = useLocation();
  const list = useConversationList(filter);
  const agents = useAgents();
  const teams = useTeams();
  const items = list.data?.items ?? [];
  const selection = useSelection(items, JSON.stringify(filter));
  const strings = useStrings();
  const t = strings.inbox;

  const move = (delta: number) => {
    if (items.length === 0) return;
    const i = conversationId ? items.findIndex((c) => c.id === conversationId) : -1;
    const next = items[Math.min(items.length - 1, Math.max(0, i + delta))];
    if (next) navigate(paths.conversation(next.id));
  };
  // `x` picks the row that has the keyboard focus (Tab, or j/k then Tab), else the open conversation.
  const check = () => {
    const row = document.activeElement?.closest<HTMLElement>('[data-conversation-id]');
    const id = row?.dataset.conversationId ?? conversationId;
    if (id && items.some((c) => c.id === id)) selection.onToggle(id, false);
  };
  useShortcuts({ j: () => move(1), k: () => move(-1), x: check });
  // Fetched once the list is up and the browser is idle: it never competes with the first rows.
  useEffect(() => {
    const load = () => void loadConversationView();
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(load, 1_000);
      return () => clearTimeout(timer);
    }
    const idle = requestIdleCallback(load, { timeout: 3_000 });
    return () => cancelIdleCallback(idle);
  }, []);

  return (
    <div className={`inbox ${conversationId ? 'has-detail' : ''}`}>
      <section className="list-pane" aria-label={t.conversations}>
        <div className="list-head">
          <div className="list-title">
            <h1>{label}</h1>
            <SavedViewControls list={current} filter={filter} savedView={savedView} />
          </div>
          {!savedView && <Filters agents={agents.data?.agents ?? []} teams={teams.data?.teams ?? []} />}
          {savedView && inapplicable.length > 0 && (
            <InapplicableFilters view={savedView} problems={inapplicable} fields={fields} />
          )}
        </div>
        {selection.ids.length > 0 && (
          <Suspense fallback={<div className="bulk-bar" aria-busy="true" />}>
            <BulkBar ids={selection.ids} onDone={selection.clear} />
          </Suspense>
        )}
        {list.isError ? (
          <p className="empty" role="alert">
            {t.loadFailed}
          </p>
        ) : list.isPending ? (
          <p className="empty" aria-busy="true">
            {strings.common.loading}
          </p>
        ) : items.length === 0 ? (
          <p className="empty">{t.empty}</p>
        ) : (
          <ConversationList
            items={items}
            hasMore={Boolean(list.data?.nextCursor)}
            onLoadMore={list.loadMore}
            selectedId={conversationId}
            agents={agents.data?.agents}
            label={fill(t.listOf, { view: label })}
            checked={selection.selected}
            onCheck={selection.onToggle}
          />
        )}
      </section>
      <section className="detail-pane" aria-label={t.conversation}>
        {conversationId ? (
          <>
            <Link href={paths.inbox(current)} className="back-link">
              ← {label}
            </Link>
            <Suspense
              fallback={
                <p className="empty" aria-busy="true">
                  {strings.common.loading}
                </p>
              }
            >
              <ConversationView key={conversationId} id={conversationId} />
            </Suspense>
          </>
        ) : (
          <div className="empty empty-detail">
            <p>{t.pick}</p>
            <p className="muted">
              {fillNodes(t.pickHint, { j: <kbd>j</kbd>, k: <kbd>k</kbd>, x: <kbd>x</kbd>, help: <kbd>?</kbd> })}
            </p>
          </div>
        )}
      </section>
    </div>
  );
}

/** The view's filters that no longer apply: it still opens, without them, and says which and why. */
function InapplicableFilters({
  view,
  problems,
  fields,
}: {
  view: TSavedView;
  problems: FieldFilterProblem[];
  fields: TCustomField[];
}) {
  const t = useStrings().inbox;
  return (
    <div className="notice notice-warn" role="status">
      <p>{problems.length === 1 ? t.inapplicableOne : t.inapplicableOther}</p>
      <ul className="inapplicable-filters">
        {problems.map((p) => {
          const field = fields.find((f) => f.entity === 'conversation' && f.key === p.key);
          return (
            <li key={p.key}>
              {field?.label ?? p.key} = “{view.filters.fields?.[p.key]}”:{' '}
              {field && p.code !== 'field_missing' ? t.notAValue : t.fieldDeleted}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

type Named = { id: string; name: string };

function Filters({ agents, teams }: { agents: Named[]; teams: Named[] }) {
  const extras = useStore(listExtras);
  const set = (patch: Partial<typeof extras>) => listExtras.set({ ...extras, ...patch });
  const strings = useStrings();
  const t = strings.inbox;
  return (
    <div className="filters">
      <label>
        <span className="sr-only">{t.filterByTag}</span>
        <input
          type="text"
          placeholder={t.tag}
          aria-label={t.filterByTag}
          value={extras.tag ?? ''}
          onChange={(e) => set({ tag: e.target.value.trim().toLowerCase() || undefined })}
        />
      </label>
      <select
        aria-label={t.filterByAssignee}
        value={extras.assigneeId ?? ''}
        onChange={(e) => set({ assigneeId: e.target.value || undefined })}
      >
        <option value="">{t.anyAssignee}</option>
        {agents.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      {teams.length > 0 && (
        <>
          <label htmlFor="filter-team" className="sr-only">
            {t.filterByTeam}
          </label>
          <select
            id="filter-team"
            value={extras.teamId ?? ''}
            onChange={(e) => set({ teamId: e.target.value || undefined })}
          >
            <option value="">{t.anyTeam}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </>
      )}
      <select
        aria-label={t.filterByPriority}
        value={extras.priority ?? ''}
        onChange={(e) => set({ priority: (e.target.value || undefined) as TPriority | undefined })}
      >
        <option value="">{t.anyPriority}</option>
        {(['urgent', 'high', 'medium', 'low', 'none'] as const).map((p) => (
          <option key={p} value={p}>
            {strings.desk.priorities[p]}
          </option>
        ))}
      </select>
    </div>
  );
}
