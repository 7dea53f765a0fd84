import {
  API_SCOPE_RESOURCES,
  type TApiScope,
  type TApiScopeResource,
  type TApiToken,
  type TApiTokenKind,
} from '@oceras/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { dateTime } from '../../lib/format';
import { queries } from '../../lib/queries';
import { integrationQueries } from './integration-queries';
import { ShownOnce } from './shown-once';
import './integrations.css';

type Access = 'none' | 'read' | 'write';
const RESOURCE_LABEL: Record<TApiScopeResource, string> = {
  conversations: 'Conversations',
  messages: 'Messages',
  contacts: 'Contacts (visitors)',
  reports: 'Reports',
  settings: 'Settings',
};

/** Read or write per resource: write includes read (the protocol's scopeAllows), so one choice per resource. */
const scopesOf = (access: Record<TApiScopeResource, Access>): TApiScope[] =>
  API_SCOPE_RESOURCES.flatMap((r) => (access[r] === 'none' ? [] : [`${r}:${access[r]}` as TApiScope]));

export function ApiTokensPage() {
  const me = useQuery(queries.me());
  const tokens = useQuery(integrationQueries.apiTokens());
  const isAdmin = me.data?.agent.role === 'admin';
  return (
    <section className="page">
      <h1>API tokens</h1>
      <p className="muted">
        A token calls the Oceras API as <code>Authorization: Bearer oce_…</code>, limited to its scopes. A personal
        token acts as you, with your role; an organization token (admins) acts as an admin. Tokens never reach your
        account itself (password, sessions, tokens, webhooks).
      </p>
      <CreateToken isAdmin={isAdmin} />
      <section className="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">{isAdmin ? "The organization's tokens" : 'Your tokens'}</h2>
        {tokens.isError && (
          <p className="error" role="alert">
            {errorMessage(tokens.error)}
          </p>
        )}
        {tokens.data?.tokens.length === 0 && <p className="muted">No token yet.</p>}
        {tokens.data && tokens.data.tokens.length > 0 && (
          <div className="table-scroll">
            <table className="table" aria-labelledby="tokens-title">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Token</th>
                  <th>Kind</th>
                  <th>Scopes</th>
                  <th>Created</th>
                  <th>Expires</th>
                  <th>Last used</th>
                  <th>
                    <span className="sr-only">Revoke</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.tokens.map((t) => (
                  <TokenRow key={t.id} token={t} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}

function TokenRow({ token }: { token: TApiToken }) {
  const qc = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => api.call('revokeApiToken', { params: { id: token.id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: integrationQueries.apiTokens().queryKey }),
  });
  return (
    <tr>
      <td>{token.name}</td>
      <td className="mono">{token.prefix}…</td>
      <td>
        {token.kind === 'organization' ? 'Organization' : 'Personal'}
        {token.creator && <span className="muted"> · {token.creator.name}</span>}
      </td>
      <td>{token.scopes.join(', ')}</td>
      <td>{dateTime(token.createdAt)}</td>
      <td>{token.expiresAt ? dateTime(token.expiresAt) : 'Never'}</td>
      <td>{token.lastUsedAt ? `${dateTime(token.lastUsedAt)} · ${token.lastUsedIp ?? ''}` : 'Never'}</td>
      <td>
        <button
          type="button"
          className="btn btn-small btn-danger"
          aria-label={`Revoke ${token.name}`}
          disabled={revoke.isPending}
          onClick={() => revoke.mutate()}
        >
          Revoke
        </button>
        {revoke.isError && <span className="error">{errorMessage(revoke.error)}</span>}
      </td>
    </tr>
  );
}

function CreateToken({ isAdmin }: { isAdmin: boolean }) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<TApiTokenKind>('personal');
  const [expiry, setExpiry] = useState('');
  const [access, setAccess] = useState<Record<TApiScopeResource, Access>>({
    conversations: 'read',
    messages: 'none',
    contacts: 'none',
    reports: 'none',
    settings: 'none',
  });
  const create = useMutation({
    mutationFn: () =>
      api.call('createApiToken', {
        body: {
          name,
          scopes: scopesOf(access),
          kind,
          ...(expiry && { expiresAt: new Date(`${expiry}T23:59:59`).toISOString() }),
        },
      }),
    onSuccess: () => {
      setName('');
      qc.invalidateQueries({ queryKey: integrationQueries.apiTokens().queryKey });
    },
  });
  const handleSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section className="card" aria-labelledby="new-token-title">
      <h2 id="new-token-title">New token</h2>
      {create.data && <ShownOnce label="Your new token" value={create.data.token} onDone={() => create.reset()} />}
      <form onSubmit={handleSubmit} className="stack">
        <label>
          Name
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={80} />
        </label>
        {isAdmin && (
          <fieldset>
            <legend>Kind</legend>
            {(['personal', 'organization'] as const).map((k) => (
              <label key={k} className="choice">
                <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} />{' '}
                {k === 'personal' ? 'Personal (acts as you)' : 'Organization (acts as an admin)'}
              </label>
            ))}
          </fieldset>
        )}
        <fieldset>
          <legend>Scopes</legend>
          <table className="table scopes">
            <tbody>
              {API_SCOPE_RESOURCES.map((r) => (
                <tr key={r}>
                  <th scope="row">{RESOURCE_LABEL[r]}</th>
                  {(['none', 'read', 'write'] as const).map((a) => (
                    <td key={a}>
                      <label className="choice">
                        <input
                          type="radio"
                          name={`scope-${r}`}
                          aria-label={`${RESOURCE_LABEL[r]}: ${a}`}
                          checked={access[r] === a}
                          onChange={() => setAccess((x) => ({ ...x, [r]: a }))}
                        />{' '}
                        {a === 'none' ? 'No access' : a === 'read' ? 'Read' : 'Read and write'}
                      </label>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <label>
          Expires on (optional)
          <input type="date" value={expiry} onInput={(e) => setExpiry(e.currentTarget.value)} />
        </label>
        {create.isError && (
          <p className="error" role="alert">
            {errorMessage(create.error)}
          </p>
        )}
        <p>
          <button type="submit" className="btn" disabled={create.isPending || scopesOf(access).length === 0}>
            Create token
          </button>
        </p>
      </form>
    </section>
  );
}
