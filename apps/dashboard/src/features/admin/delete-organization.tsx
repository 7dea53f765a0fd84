import type { TOrganization } from '@oceras/protocol';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { api } from '../../lib/api';
import { signOutDeleted } from '../../lib/sign-out-deleted';
import { ConfirmDialog } from '../shell/confirm-dialog';

/** The danger zone: an admin deletes the whole organization, confirmed by typing its slug (the server checks it too). */
export function DeleteOrganization({ org }: { org: TOrganization }) {
  const [, navigate] = useLocation();
  const [isConfirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const remove = useMutation({
    mutationFn: () => api.call('deleteOrganization', { query: { confirm: typed.trim() } }),
    onSuccess: () => signOutDeleted('organization', navigate),
  });
  const what = (
    <>
      Every agent's account, every conversation, message and file, the visitors, the widget and the audit log of{' '}
      {org.name} are deleted at once, and everyone is signed out. Copies in the server's backups age out within 30 days.
    </>
  );
  return (
    <section className="card stack narrow danger-zone" aria-labelledby="delete-org-title">
      <h2 id="delete-org-title">Delete organization</h2>
      <p>{what}</p>
      <div>
        <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)}>
          Delete organization
        </button>
      </div>
      {isConfirming && (
        <ConfirmDialog
          title={`Delete ${org.name}?`}
          confirmLabel="Delete organization"
          canConfirm={typed.trim() === org.slug}
          onConfirm={() => remove.mutate()}
          onClose={() => {
            setConfirming(false);
            setTyped('');
            remove.reset();
          }}
          isPending={remove.isPending}
          error={remove.error}
        >
          <p>{what}</p>
          <p>
            <strong>This cannot be undone.</strong>
          </p>
          <label>
            <span>
              Type <code>{org.slug}</code> to confirm
            </span>
            <input
              data-autofocus
              value={typed}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setTyped(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && typed.trim() === org.slug && !remove.isPending) remove.mutate();
              }}
            />
          </label>
        </ConfirmDialog>
      )}
    </section>
  );
}
