import type { TOrganization } from '@oceras/protocol';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { fill, fillNodes, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { signOutDeleted } from '../../lib/sign-out-deleted';
import { ConfirmDialog } from '../shell/confirm-dialog';

/** The danger zone: an admin deletes the whole organization, confirmed by typing its slug (the server checks it too). */
export function DeleteOrganization({ org }: { org: TOrganization }) {
  const t = useStrings().admin.deleteOrganization;
  const [, navigate] = useLocation();
  const [isConfirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const remove = useMutation({
    mutationFn: () => api.call('deleteOrganization', { query: { confirm: typed.trim() } }),
    onSuccess: () => signOutDeleted('organization', navigate),
  });
  const what = fill(t.what, { organization: org.name });
  return (
    <section className="card stack narrow danger-zone" aria-labelledby="delete-org-title">
      <h2 id="delete-org-title">{t.title}</h2>
      <p>{what}</p>
      <div>
        <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)}>
          {t.title}
        </button>
      </div>
      {isConfirming && (
        <ConfirmDialog
          title={fill(t.confirmTitle, { organization: org.name })}
          confirmLabel={t.title}
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
            <strong>{t.cannotUndo}</strong>
          </p>
          <label>
            <span>{fillNodes(t.typeToConfirm, { slug: <code>{org.slug}</code> })}</span>
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
