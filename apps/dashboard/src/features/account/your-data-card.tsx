import type { TMeResponse } from '@oceras/protocol';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { fill, fillNodes, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { download } from '../../lib/download';
import { errorMessage } from '../../lib/errors';
import { paths } from '../../lib/paths';
import { useAgents } from '../../lib/queries';
import { signOutDeleted } from '../../lib/sign-out-deleted';
import { ConfirmDialog } from '../shell/confirm-dialog';

/** Access, portability and erasure of the agent's own data (privacy policy §7): a copy to download, and deletion. */
export function YourDataCard({ me }: { me: TMeResponse }) {
  const t = useStrings().account.yourData;
  const [, navigate] = useLocation();
  const organization = me.organization.name;
  const [isConfirming, setConfirming] = useState(false);
  const agents = useAgents().data?.agents;
  const isOnlyAgent = agents?.length === 1 && agents[0]?.id === me.agent.id;
  const exported = useMutation({ mutationFn: () => download('exportMe', {}, 'my-oceras-data.json') });
  const remove = useMutation({
    mutationFn: () => api.call('deleteMe'),
    onSuccess: () => signOutDeleted('account', navigate),
  });
  return (
    <>
      <section className="card stack narrow" aria-labelledby="my-data-title">
        <h2 id="my-data-title">{t.title}</h2>
        <p className="account-line">{t.help}</p>
        {exported.isError && (
          <p className="error" role="alert">
            {errorMessage(exported.error)}
          </p>
        )}
        {exported.isSuccess && (
          <p className="ok" role="status">
            {fill(t.downloaded, { file: exported.data })}
          </p>
        )}
        <div>
          <button type="button" className="btn" disabled={exported.isPending} onClick={() => exported.mutate()}>
            {exported.isPending ? t.preparing : t.download}
          </button>
        </div>
      </section>
      <section className="card stack narrow danger-zone" aria-labelledby="delete-me-title">
        <h2 id="delete-me-title">{t.deleteTitle}</h2>
        <p className="account-line">{fill(t.deleteHelp, { organization })}</p>
        {isOnlyAgent && (
          <p className="notice notice-warn">
            {fill(t.onlyAgent, { organization })}{' '}
            {me.agent.role === 'admin'
              ? fillNodes(t.deleteOrganizationInstead, {
                  organization: <Link href={paths.organization}>{t.organizationPage}</Link>,
                })
              : t.askAdmin}
          </p>
        )}
        <div>
          <button type="button" className="btn btn-danger" disabled={isOnlyAgent} onClick={() => setConfirming(true)}>
            {t.delete}
          </button>
        </div>
      </section>
      {isConfirming && (
        <ConfirmDialog
          title={t.confirmTitle}
          confirmLabel={t.delete}
          onConfirm={() => remove.mutate()}
          onClose={() => {
            setConfirming(false);
            remove.reset();
          }}
          isPending={remove.isPending}
          error={remove.error}
        >
          <p>{fill(t.confirmBody, { email: me.agent.email })}</p>
          <p>
            <strong>{t.cannotUndo}</strong>
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
