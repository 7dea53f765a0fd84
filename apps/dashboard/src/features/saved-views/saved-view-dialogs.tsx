import type {
  TConversationView,
  TCustomField,
  TPriority,
  TSavedView,
  TSavedViewFilters,
  TSavedViewScope,
} from '@oceras/protocol';
import type { ListFilter } from '@oceras/protocol/inbox';
import { SAVED_VIEW_LIMITS } from '@oceras/protocol/saved-view-limits';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { fill, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { paths } from '../../lib/paths';
import { keys, queries, useAgents, useTeams } from '../../lib/queries';
import { type ListId, savedViewKey } from '../../lib/views';
import { ConfirmDialog } from '../shell/confirm-dialog';
import { savedViewFilter } from './view-filter';

/** The views and their counts change together. */
const refetchViews = (qc: ReturnType<typeof useQueryClient>) =>
  Promise.all([
    qc.invalidateQueries({ queryKey: keys.savedViews() }),
    qc.invalidateQueries({ queryKey: keys.savedViewCounts() }),
  ]);

/** What the editor holds: the view's filters as its inputs show them ('' = any). */
interface Draft {
  view: TConversationView;
  status: string;
  tag: string;
  assigneeId: string;
  teamId: string;
  priority: string;
  q: string;
  /** Custom field filters as the list's `field.<key>` texts. */
  fields: Record<string, string>;
}

/** A list's filters (a built-in view's, or a saved one's) as the editor's inputs. */
function draftOf(filters: ListFilter | TSavedViewFilters): Draft {
  const fields = Object.entries(filters.fields ?? {}).map(([key, v]) => [
    key,
    // A list's parsed values back to their filter text (a multiple choice filters by one option).
    String(Array.isArray(v) ? v[0] : v),
  ]);
  return {
    view: filters.view ?? 'all',
    status: filters.status ?? '',
    tag: filters.tag ?? '',
    assigneeId: filters.assigneeId ?? '',
    teamId: filters.teamId ?? '',
    priority: filters.priority ?? '',
    q: filters.q ?? '',
    fields: Object.fromEntries(fields),
  };
}

/** The draft as the API takes it: empty inputs left out, and filters that no longer apply dropped. */
function filtersOf(d: Draft, dropped: ReadonlySet<string>): TSavedViewFilters {
  const fields = Object.entries(d.fields).filter(([key, v]) => v.trim() !== '' && !dropped.has(key));
  return {
    view: d.view,
    ...(d.status ? { status: d.status as TSavedViewFilters['status'] } : {}),
    ...(d.tag.trim() ? { tag: d.tag.trim().toLowerCase() } : {}),
    ...(d.assigneeId ? { assigneeId: d.assigneeId } : {}),
    ...(d.teamId ? { teamId: d.teamId } : {}),
    ...(d.priority ? { priority: d.priority as TPriority } : {}),
    ...(d.q.trim() ? { q: d.q.trim() } : {}),
    ...(fields.length > 0 ? { fields: Object.fromEntries(fields) } : {}),
  };
}

const STATUSES = ['', 'unresolved', 'open', 'pending', 'snoozed', 'resolved'] as const;
const PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'] as const satisfies readonly TPriority[];

/**
 * Save a list's filters under a name, or edit a saved view: its name, its filters (the list's own, custom fields
 * included) and, for managers and admins, whether the whole team shares it. A filter that no longer applies (its
 * field deleted, its option removed) is shown and dropped on save: the server refuses to store one.
 */
export function ViewEditorDialog({
  filter,
  canShare,
  view,
  onClose,
}: {
  filter: ListFilter;
  canShare: boolean;
  view?: TSavedView;
  onClose: () => void;
}) {
  const t = useStrings().savedViews;
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const agents = useAgents();
  const teams = useTeams();
  const defs = useQuery(queries.customFields());
  const fields = (defs.data?.fields ?? []).filter((f) => f.entity === 'conversation');
  const [name, setName] = useState(view?.name ?? '');
  const [scope, setScope] = useState<TSavedViewScope>(view?.scope ?? 'personal');
  const [draft, setDraft] = useState<Draft>(() => draftOf(view?.filters ?? filter));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setField = (key: string, value: string) => setDraft((d) => ({ ...d, fields: { ...d.fields, [key]: value } }));
  const stale = view && defs.data ? savedViewFilter(view, defs.data.fields).inapplicable : [];
  const dropped = new Set(stale.map((p) => p.key));
  useEffect(() => ref.current?.showModal(), []);
  const save = useMutation({
    mutationFn: () => {
      const filters = filtersOf(draft, dropped);
      if (!view) return api.call('createSavedView', { body: { name, scope, filters } });
      return api.call('updateSavedView', {
        params: { id: view.id },
        body: { name, filters, ...(scope !== view.scope ? { scope } : {}) },
      });
    },
    onSuccess: async (saved) => {
      await refetchViews(qc);
      onClose();
      if (!view) navigate(paths.inbox(savedViewKey(saved.id)));
    },
  });
  return (
    <dialog ref={ref} className="dialog view-editor" aria-labelledby={`${id}-title`} onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <h2 id={`${id}-title`}>{view ? t.edit : t.save}</h2>
        {!view && <p className="muted">{t.saveHelp}</p>}
        <label>
          {t.name}
          <input
            required
            maxLength={SAVED_VIEW_LIMITS.nameMax}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        {canShare && (
          <label className="check">
            <input
              type="checkbox"
              checked={scope === 'shared'}
              onChange={(e) => setScope(e.target.checked ? 'shared' : 'personal')}
            />
            {t.share}
          </label>
        )}
        <fieldset className="view-filters">
          <legend>{t.filters}</legend>
          <label>
            {t.conversations}
            <select value={draft.view} onChange={(e) => set({ view: e.target.value as TConversationView })}>
              <option value="all">{t.views.all}</option>
              <option value="mine">{t.views.mine}</option>
              <option value="unassigned">{t.views.unassigned}</option>
            </select>
          </label>
          <label>
            {t.status}
            <select value={draft.status} onChange={(e) => set({ status: e.target.value })}>
              {STATUSES.map((value) => (
                <option key={value} value={value}>
                  {value ? t.statuses[value] : t.anyStatus}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.assignee}
            <select value={draft.assigneeId} onChange={(e) => set({ assigneeId: e.target.value })}>
              <option value="">{t.anyAssignee}</option>
              {(agents.data?.agents ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          {(teams.data?.teams.length ?? 0) > 0 && (
            <label>
              {t.team}
              <select value={draft.teamId} onChange={(e) => set({ teamId: e.target.value })}>
                <option value="">{t.anyTeam}</option>
                {(teams.data?.teams ?? []).map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t.priority}
            <select value={draft.priority} onChange={(e) => set({ priority: e.target.value })}>
              <option value="">{t.anyPriority}</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t.priorities[p]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.tag}
            <input value={draft.tag} onChange={(e) => set({ tag: e.target.value })} />
          </label>
          <label className="wide">
            {t.startsWith}
            <input value={draft.q} onChange={(e) => set({ q: e.target.value })} />
          </label>
          {fields.map((f) => (
            <FieldFilterInput
              key={f.id}
              field={f}
              value={dropped.has(f.key) ? '' : (draft.fields[f.key] ?? '')}
              onChange={(v) => setField(f.key, v)}
            />
          ))}
        </fieldset>
        {stale.length > 0 && (
          <div className="notice notice-warn" role="status">
            <p>{t.stale}</p>
            <ul className="inapplicable-filters">
              {stale.map((p) => (
                <li key={p.key}>
                  {fields.find((f) => f.key === p.key)?.label ?? p.key} = “{view?.filters.fields?.[p.key]}”
                </li>
              ))}
            </ul>
          </div>
        )}
        {save.isError && (
          <p className="error" role="alert">
            {errorMessage(save.error)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t.cancel}
          </button>
          <button type="submit" className="btn btn-primary" disabled={save.isPending} aria-busy={save.isPending}>
            {view ? t.saveChanges : t.save}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** One custom field's filter: its options for a choice, yes/no for a box, an input of its type otherwise. */
function FieldFilterInput({
  field,
  value,
  onChange,
}: {
  field: TCustomField;
  value: string;
  onChange: (value: string) => void;
}) {
  const t = useStrings().savedViews;
  if (field.type === 'single_choice' || field.type === 'multiple_choice' || field.type === 'checkbox') {
    const options: [string, string][] =
      field.type === 'checkbox'
        ? [
            ['true', t.yes],
            ['false', t.no],
          ]
        : field.options.map((o) => [o, o]);
    return (
      <label>
        {field.label}
        <select value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{field.type === 'multiple_choice' ? t.anyOption : t.any}</option>
          {options.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return (
    <label>
      {field.label}
      <input
        type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

export function DeleteViewDialog({ view, list, onClose }: { view: TSavedView; list: ListId; onClose: () => void }) {
  const t = useStrings().savedViews;
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  const remove = useMutation({
    mutationFn: () => api.call('deleteSavedView', { params: { id: view.id } }),
    onSuccess: async () => {
      if (list === savedViewKey(view.id)) navigate(paths.inbox('mine'));
      await refetchViews(qc);
      onClose();
    },
  });
  return (
    <ConfirmDialog
      title={fill(t.deleteTitle, { name: view.name })}
      confirmLabel={t.delete}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
      isPending={remove.isPending}
      error={remove.error}
    >
      <p>{view.scope === 'shared' ? t.deleteShared : t.deletePersonal}</p>
    </ConfirmDialog>
  );
}
