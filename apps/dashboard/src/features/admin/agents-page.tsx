import type { TAgent, TInvitation, TRole } from '@oceras/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { currentLocale, fill, fillNodes, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { dateTime } from '../../lib/format';
import { keys, queries, useAgents, useMe } from '../../lib/queries';
import { AgentAvatar } from '../shell/agent-avatar';
import { ConfirmDialog } from '../shell/confirm-dialog';
import { CapacityField } from './capacity-field';
import './agents-page.css';

const ROLES: TRole[] = ['agent', 'manager', 'admin'];

export function AgentsPage() {
  const t = useStrings().admin.agents;
  const locale = currentLocale();
  const qc = useQueryClient();
  const meId = useMe().data?.agent.id;
  const agents = useAgents();
  const invitations = useQuery(queries.invitations());
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<TRole>('agent');
  const [created, setCreated] = useState<TInvitation | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<TAgent | null>(null);
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
      <h1>{t.title}</h1>
      <form className="card inline-form" onSubmit={submit} aria-labelledby="invite-title">
        <h2 id="invite-title">{t.invite}</h2>
        <label>
          {t.email}
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          {t.role}
          <select aria-label={t.role} value={role} onChange={(e) => setRole(e.target.value as TRole)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t.roles[r]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={invite.isPending}>
          {t.sendInvitation}
        </button>
        {created && (
          <div className="notice" role="status">
            {created.emailed ? (
              fill(t.emailed, { email: created.email })
            ) : (
              <>
                {fill(t.notEmailed, { email: created.email })}
                <input readOnly aria-label={t.invitationLink} value={created.inviteUrl ?? ''} className="mono" />
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
        <h2>{t.team}</h2>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th>{t.name}</th>
                <th>{t.email}</th>
                <th>{t.role}</th>
                <th>{t.status}</th>
                <th title={t.capacityHelp}>{t.capacity}</th>
                <th>
                  <span className="sr-only">{t.actions}</span>
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
                      aria-label={fill(t.roleOf, { name: a.name })}
                      value={a.role}
                      disabled={a.id === meId}
                      onChange={(e) => changeRole.mutate({ id: a.id, role: e.target.value as TRole })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t.roles[r]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <span className={`availability-dot availability-${a.availability}`} aria-hidden="true" />
                    {t.availability[a.availability]}
                    {a.isConnected ? '' : ` ${t.notConnected}`}
                    {a.isRestricted && <span className="pill restricted-pill">{t.restricted}</span>}
                  </td>
                  <td>
                    <CapacityField agent={a} />
                  </td>
                  <td>
                    <div className="agent-actions">
                      {a.id !== meId && (
                        <>
                          <button
                            type="button"
                            className="btn btn-small"
                            aria-label={fill(a.isRestricted ? t.liftRestrictionOf : t.restrictName, { name: a.name })}
                            disabled={restrict.isPending}
                            onClick={() => restrict.mutate({ id: a.id, isRestricted: !a.isRestricted })}
                          >
                            {a.isRestricted ? t.liftRestriction : t.restrict}
                          </button>
                          <button
                            type="button"
                            className="btn btn-small btn-danger"
                            aria-label={fill(t.deleteAccountOf, { name: a.name })}
                            onClick={() => setDeleting(a)}
                          >
                            {t.deleteAccount}
                          </button>
                        </>
                      )}
                      {a.id !== meId &&
                        (confirming === a.id ? (
                          <span className="confirm">
                            <span className="muted">{t.removeWarning}</span>
                            <button
                              type="button"
                              className="btn btn-small btn-danger"
                              onClick={() => {
                                setConfirming(null);
                                remove.mutate(a.id);
                              }}
                            >
                              {fill(t.confirmRemove, { name: a.name })}
                            </button>
                            <button type="button" className="btn btn-small" onClick={() => setConfirming(null)}>
                              {t.keep}
                            </button>
                          </span>
                        ) : (
                          <button
                            type="button"
                            className="btn btn-small btn-danger"
                            onClick={() => setConfirming(a.id)}
                          >
                            {fill(t.remove, { name: a.name })}
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
          {fillNodes(t.hint, {
            restrict: <strong>{t.restrict}</strong>,
            remove: <strong>{t.removeWord}</strong>,
            deleteAccount: <strong>{t.deleteAccount}</strong>,
            capacity: <strong>{t.capacity}</strong>,
          })}
        </p>
      </div>
      {deleting && (
        <ConfirmDialog
          title={fill(t.deleteTitle, { name: deleting.name })}
          confirmLabel={t.deleteAccount}
          onConfirm={() => erase.mutate(deleting.id)}
          onClose={() => {
            setDeleting(null);
            erase.reset();
          }}
          isPending={erase.isPending}
          error={erase.error}
        >
          <p>{fill(t.deleteBody, { name: deleting.name })}</p>
          <p>{t.deleteMessagesStay}</p>
          <p>
            <strong>{t.cannotUndo}</strong>
          </p>
        </ConfirmDialog>
      )}
      <div className="card">
        <h2>{t.pending}</h2>
        {invitations.data?.invitations.length === 0 && <p className="muted">{t.noPending}</p>}
        <ul className="plain-list">
          {invitations.data?.invitations.map((i) => (
            <li key={i.id}>
              {i.email} <span className="pill">{t.roles[i.role]}</span>{' '}
              <span className="muted">{fill(t.expires, { date: dateTime(i.expiresAt, locale) })}</span>{' '}
              <button type="button" className="btn btn-small" onClick={() => revoke.mutate(i.id)}>
                {t.withdraw}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
