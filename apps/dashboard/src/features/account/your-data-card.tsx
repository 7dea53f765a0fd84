import type { TMeResponse } from '@oceras/protocol';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../../lib/api';
import { download } from '../../lib/download';
import { errorMessage } from '../../lib/errors';
import { paths } from '../../lib/paths';
import { useAgents } from '../../lib/queries';
import { signOutDeleted } from '../../lib/sign-out-deleted';
import { ConfirmDialog } from '../shell/confirm-dialog';

/** Access, portability and erasure of the agent's own data (privacy policy §7): a copy to download, and deletion. */
export function YourDataCard({ me }: { me: TMeResponse }) {
  const [, navigate] = useLocation();
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
        <h2 id="my-data-title">Your data</h2>
        <p className="account-line">
          A JSON file of everything Oceras keeps about you: your profile, sessions, devices, notification settings and
          the messages you wrote.
        </p>
        {exported.isError && (
          <p className="error" role="alert">
            {errorMessage(exported.error)}
          </p>
        )}
        {exported.isSuccess && (
          <p className="ok" role="status">
            Downloaded {exported.data}.
          </p>
        )}
        <div>
          <button type="button" className="btn" disabled={exported.isPending} onClick={() => exported.mutate()}>
            {exported.isPending ? 'Preparing your data…' : 'Download my data'}
          </button>
        </div>
      </section>
      <section className="card stack narrow danger-zone" aria-labelledby="delete-me-title">
        <h2 id="delete-me-title">Delete my account</h2>
        <p className="account-line">
          You are signed out everywhere at once and your name, email, password, avatar, devices and IP addresses are
          erased. The messages you wrote stay for {me.organization.name}, signed “Deleted agent”.
        </p>
        {isOnlyAgent && (
          <p className="notice notice-warn">
            You are the only agent of {me.organization.name}.{' '}
            {me.agent.role === 'admin' ? (
              <>
                Delete the whole organization instead, on the <Link href={paths.organization}>Organization</Link> page.
              </>
            ) : (
              'Ask your admin to delete the organization instead.'
            )}
          </p>
        )}
        <div>
          <button type="button" className="btn btn-danger" disabled={isOnlyAgent} onClick={() => setConfirming(true)}>
            Delete my account
          </button>
        </div>
      </section>
      {isConfirming && (
        <ConfirmDialog
          title="Delete your account?"
          confirmLabel="Delete my account"
          onConfirm={() => remove.mutate()}
          onClose={() => {
            setConfirming(false);
            remove.reset();
          }}
          isPending={remove.isPending}
          error={remove.error}
        >
          <p>
            You are signed out on every device and can no longer sign in as {me.agent.email}. Your personal data is
            erased now; download it first if you want a copy.
          </p>
          <p>
            <strong>This cannot be undone.</strong>
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
