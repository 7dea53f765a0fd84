import type { TAgent, TInvitation, TRole } from '@oceras/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fill, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { dateTime } from '../../lib/format';
import { keys, queries, useAgents, useMe } from '../../lib/queries';
import { ScheduleCard } from '../account/schedule-card';
import { AgentAvatar } from '../shell/agent-avatar';
import { ConfirmDialog } from '../shell/confirm-dialog';
import { CapacityField } from './capacity-field';
import './agents-page.css';

const ROLES: TRole[] = ['agent', 'manager', 'admin'];

export function AgentsPage() {
  const qc = useQueryClient();
  const meId = useMe().data?.agent.id;
  const agents = useAgents();
  const invitations = useQuery(queries.invitations());
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<TRole>('agent');
  const [created, setCreated] = useState<TInvitation | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<TAgent | null>(null);
  const [scheduling, setScheduling] = useState<TAgent | null>(null);
  const scheduleStrings = useStrings().availabilitySchedule;
  const invite = useMutation({
    mutationFn: () => api.call('createInvitation', { body: { email, role } }),
    onSuccess: (inv) => {
      setCreated(inv);
      setEmail('');
      void qc.invalidateQueries({ queryKey: keys.invitations() });
    },
  });
  const changeRole = useMutation({
    mutationFn: (v: { id: string; role: TRole }) =>
      api.call('updateAgent', { params: { id: v.id }, body: { role: v.role } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.agents() }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.call('removeAgent', { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.agents() }),
  });
  const restrict = useMutation({
    mutationFn: (v: { id: string; isRestricted: boolean }) =>
      api.call('setAgentRestriction', { params: { id: v.id }, body: { isRestricted: v.isRestricted } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.agents() }),
  });
  const erase = useMutation({
    mutationFn: (id: string) => api.call('removeAgent', { params: { id }, query: { erase: 'true' } }),
    onSuccess: async () => {
      setDeleting(null);
      await qc.invalidateQueries({ queryKey: keys.agents() });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.call('revokeInvitation', { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.invitations() }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate();
  };
  const error = invite.error ?? changeRole.error ?? remove.error ?? restrict.error ?? revoke.error;

  return (
    <section className="page">
      <h1>Agents</h1>
      <form className="card inline-form" onSubmit={submit} aria-labelledby="invite-title">
        <h2 id="invite-title">Invite an agent</h2>
        <label>
          Email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Role
          <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value as TRole)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={invite.isPending}>
          Send invitation
        </button>
        {created && (
          <div className="notice" role="status">
            {created.emailed ? (
              <>Invitation emailed to {created.email}.</>
            ) : (
              <>
                No email could be sent: pass this link to {created.email}:
                <input readOnly aria-label="Invitation link" value={created.inviteUrl ?? ''} className="mono" />
              </>
            )}
          </div>
        )}
      </form>
      {error && (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      <div className="card">
        <h2>Team</h2>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Role</th>
                <th>Status</th>
                <th title="Open conversations automatic assignment may give them">Capacity</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {agents.data?.agents.map((a) => (
                <tr key={a.id}>
                  <td>
                    <span className="agent-name">
                      <AgentAvatar name={a.name} url={a.avatarUrl} />
                      {a.name}
                    </span>
                  </td>
                  <td>{a.email}</td>
                  <td>
                    <select
                      aria-label={`Role of ${a.name}`}
                      value={a.role}
                      disabled={a.id === meId}
                      onChange={(e) => changeRole.mutate({ id: a.id, role: e.target.value as TRole })}
                    >
                      {ROLES.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <span className={`availability-dot availability-${a.availability}`} aria-hidden="true" />
                    {a.availability}
                    {a.isConnected ? '' : ' (not connected)'}
                    {a.isRestricted && <span className="pill restricted-pill">restricted</span>}
                  </td>
                  <td>
                    <CapacityField agent={a} />
                  </td>
                  <td>
                    <div className="agent-actions">
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={fill(scheduleStrings.editOf, { name: a.name })}
                        aria-pressed={scheduling?.id === a.id}
                        onClick={() => setScheduling(scheduling?.id === a.id ? null : a)}
                      >
                        {scheduleStrings.edit}
                      </button>
                      {a.id !== meId && (
                        <>
                          <button
                            type="button"
                            className="btn btn-small"
                            aria-label={a.isRestricted ? `Lift the restriction of ${a.name}` : `Restrict ${a.name}`}
                            disabled={restrict.isPending}
                            onClick={() => restrict.mutate({ id: a.id, isRestricted: !a.isRestricted })}
                          >
                            {a.isRestricted ? 'Lift restriction' : 'Restrict'}
                          </button>
                          <button
                            type="button"
                            className="btn btn-small btn-danger"
                            aria-label={`Delete the account of ${a.name} (erase personal data)`}
                            onClick={() => setDeleting(a)}
                          >
                            Delete account
                          </button>
                        </>
                      )}
                      {a.id !== meId &&
                        (confirming === a.id ? (
                          <span className="confirm">
                            <span className="muted">Their conversations become unassigned.</span>
                            <button
                              type="button"
                              className="btn btn-small btn-danger"
                              onClick={() => {
                                setConfirming(null);
                                remove.mutate(a.id);
                              }}
                            >
                              Yes, remove {a.name}
                            </button>
                            <button type="button" className="btn btn-small" onClick={() => setConfirming(null)}>
                              Keep
                            </button>
                          </span>
                        ) : (
                          <button
                            type="button"
                            className="btn btn-small btn-danger"
                            onClick={() => setConfirming(a.id)}
                          >
                            Remove {a.name}
                          </button>
                        ))}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted agents-hint">
          <strong>Restrict</strong> an agent who objects to the processing of their data: their account keeps working,
          but they get no push notifications or emails and are left out of reports. <strong>Remove</strong> ends their
          access and erases their personal data 30 days later; <strong>Delete account</strong> erases it at once.
          <strong>Capacity</strong> is how many open conversations automatic assignment gives them at most (empty: no
          limit).
        </p>
      </div>
      {scheduling && <ScheduleCard key={scheduling.id} agentId={scheduling.id} agentName={scheduling.name} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete the account of ${deleting.name}?`}
          confirmLabel="Delete account"
          onConfirm={() => erase.mutate(deleting.id)}
          onClose={() => {
            setDeleting(null);
            erase.reset();
          }}
          isPending={erase.isPending}
          error={erase.error}
        >
          <p>
            {deleting.name} is signed out everywhere at once and can no longer sign in. Their name, email, password,
            avatar, sessions, devices and IP addresses are erased now; their conversations become unassigned.
          </p>
          <p>The messages they wrote stay for your organization, signed “Deleted agent”.</p>
          <p>
            <strong>This cannot be undone.</strong>
          </p>
        </ConfirmDialog>
      )}
      <div className="card">
        <h2>Pending invitations</h2>
        {invitations.data?.invitations.length === 0 && <p className="muted">None.</p>}
        <ul className="plain-list">
          {invitations.data?.invitations.map((i) => (
            <li key={i.id}>
              {i.email} <span className="pill">{i.role}</span>{' '}
              <span className="muted">expires {dateTime(i.expiresAt)}</span>{' '}
              <button type="button" className="btn btn-small" onClick={() => revoke.mutate(i.id)}>
                Withdraw
              </button>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
