import type { TSavedView, TSavedViewScope } from '@oceras/protocol';
import type { ListFilter } from '@oceras/protocol/inbox';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { paths } from '../../lib/paths';
import { keys } from '../../lib/queries';
import { type ListId, savedViewKey } from '../../lib/views';
import { ConfirmDialog } from '../shell/confirm-dialog';

/** The views and their counts change together. */
const refetchViews = (qc: ReturnType<typeof useQueryClient>) =>
  Promise.all([
    qc.invalidateQueries({ queryKey: keys.savedViews() }),
    qc.invalidateQueries({ queryKey: keys.savedViewCounts() }),
  ]);

/**
 * Save the list's filters under a name: the agent's own, or (managers and admins) shared with the team. Given a
 * saved `view`, the same dialog renames it.
 */
export function SaveViewDialog({
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
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [name, setName] = useState(view?.name ?? '');
  const [scope, setScope] = useState<TSavedViewScope>('personal');
  useEffect(() => ref.current?.showModal(), []);
  const save = useMutation({
    mutationFn: () =>
      view
        ? api.call('updateSavedView', { params: { id: view.id }, body: { name } })
        : api.call('createSavedView', { body: { name, scope, filters: filter } }),
    onSuccess: async (saved) => {
      await refetchViews(qc);
      onClose();
      if (!view) navigate(paths.inbox(savedViewKey(saved.id)));
    },
  });
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <h2 id={`${id}-title`}>{view ? 'Rename view' : 'Save view'}</h2>
        {!view && <p className="muted">The list as it is filtered now, one click away in the sidebar.</p>}
        <label>
          Name
          <input required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        {canShare && !view && (
          <label className="check">
            <input
              type="checkbox"
              checked={scope === 'shared'}
              onChange={(e) => setScope(e.target.checked ? 'shared' : 'personal')}
            />
            Share with the whole team
          </label>
        )}
        {save.isError && (
          <p className="error" role="alert">
            {errorMessage(save.error)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={save.isPending} aria-busy={save.isPending}>
            {view ? 'Rename' : 'Save view'}
          </button>
        </div>
      </form>
    </dialog>
  );
}

export function DeleteViewDialog({ view, list, onClose }: { view: TSavedView; list: ListId; onClose: () => void }) {
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
      title={`Delete “${view.name}”?`}
      confirmLabel="Delete view"
      onConfirm={() => remove.mutate()}
      onClose={onClose}
      isPending={remove.isPending}
      error={remove.error}
    >
      <p>
        {view.scope === 'shared'
          ? 'It leaves the sidebar of everyone in the team. The conversations stay as they are.'
          : 'It leaves your sidebar. The conversations stay as they are.'}
      </p>
    </ConfirmDialog>
  );
}
