import type { TSavedView } from '@oceras/protocol';
import type { ListFilter } from '@oceras/protocol/inbox';
import { lazy, Suspense, useState } from 'react';
import { useStrings } from '../../i18n/i18n';
import { isManager } from '../../lib/policy';
import { useMe } from '../../lib/queries';
import type { ListId } from '../../lib/views';

const ViewEditorDialog = lazy(() => import('./saved-view-dialogs').then((m) => ({ default: m.ViewEditorDialog })));
const DeleteViewDialog = lazy(() => import('./saved-view-dialogs').then((m) => ({ default: m.DeleteViewDialog })));

/**
 * Beside the list's title: "Save view" keeps what a built-in view and its filters show under a name; a saved view
 * its owner may change (their own, or a shared one for managers and admins, as the server rules) can be edited
 * (name, filters, shared or not) or deleted.
 */
export function SavedViewControls({
  list,
  filter,
  savedView,
}: {
  list: ListId;
  filter: ListFilter;
  savedView: TSavedView | null;
}) {
  const t = useStrings().savedViews;
  const [dialog, setDialog] = useState<'save' | 'edit' | 'delete' | null>(null);
  const role = useMe().data?.agent.role ?? 'agent';
  const canWrite = savedView !== null && (savedView.scope === 'personal' || isManager(role));
  return (
    <>
      {savedView === null ? (
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setDialog('save')}>
          {t.save}
        </button>
      ) : (
        canWrite && (
          <span className="list-title-actions">
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setDialog('edit')}>
              {t.edit}
            </button>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setDialog('delete')}>
              {t.delete}
            </button>
          </span>
        )
      )}
      <Suspense fallback={null}>
        {dialog === 'save' && (
          <ViewEditorDialog filter={filter} canShare={isManager(role)} onClose={() => setDialog(null)} />
        )}
        {dialog === 'edit' && savedView && (
          <ViewEditorDialog
            filter={filter}
            canShare={isManager(role)}
            view={savedView}
            onClose={() => setDialog(null)}
          />
        )}
        {dialog === 'delete' && savedView && (
          <DeleteViewDialog view={savedView} list={list} onClose={() => setDialog(null)} />
        )}
      </Suspense>
    </>
  );
}
