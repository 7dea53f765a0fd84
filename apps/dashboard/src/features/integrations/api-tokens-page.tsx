import {
  API_SCOPE_RESOURCES,
  type TApiScope,
  type TApiScopeResource,
  type TApiToken,
  type TApiTokenKind,
} from '@oceras/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { currentLocale, fill, fillNodes, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { dateTime } from '../../lib/format';
import { queries } from '../../lib/queries';
import { integrationQueries } from './integration-queries';
import { ShownOnce } from './shown-once';
import './integrations.css';

type Access = 'none' | 'read' | 'write';

/** Read or write per resource: write includes read (the protocol's scopeAllows), so one choice per resource. */
const scopesOf = (access: Record<TApiScopeResource, Access>): TApiScope[] =>
  API_SCOPE_RESOURCES.flatMap((r) => (access[r] === 'none' ? [] : [`${r}:${access[r]}` as TApiScope]));

export function ApiTokensPage() {
  const me = useQuery(queries.me());
  const tokens = useQuery(integrationQueries.apiTokens());
  const isAdmin = me.data?.agent.role === 'admin';
  const t = useStrings().integrations.tokens;
  return (
    <section className="page">
      <h1>{t.title}</h1>
      <p className="muted">{fillNodes(t.help, { header: <code>Authorization: Bearer oce_…</code> })}</p>
      <CreateToken isAdmin={isAdmin} />
      <section className="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">{isAdmin ? t.organizationTokens : t.yourTokens}</h2>
        {tokens.isError && (
          <p className="error" role="alert">
            {errorMessage(tokens.error)}
          </p>
        )}
        {tokens.data?.tokens.length === 0 && <p className="muted">{t.none}</p>}
        {tokens.data && tokens.data.tokens.length > 0 && (
          <div className="table-scroll">
            <table className="table" aria-labelledby="tokens-title">
              <thead>
                <tr>
                  <th>{t.name}</th>
                  <th>{t.token}</th>
                  <th>{t.kind}</th>
                  <th>{t.scopes}</th>
                  <th>{t.created}</th>
                  <th>{t.expires}</th>
                  <th>{t.lastUsed}</th>
                  <th>
                    <span className="sr-only">{t.revoke}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.tokens.map((token) => (
                  <TokenRow key={token.id} token={token} />
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
  const t = useStrings().integrations.tokens;
  const locale = currentLocale();
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
        {token.kind === 'organization' ? t.organization : t.personal}
        {token.creator && <span className="muted"> · {token.creator.name}</span>}
      </td>
      <td>{token.scopes.join(', ')}</td>
      <td>{dateTime(token.createdAt, locale)}</td>
      <td>{token.expiresAt ? dateTime(token.expiresAt, locale) : t.never}</td>
      <td>{token.lastUsedAt ? `${dateTime(token.lastUsedAt, locale)} · ${token.lastUsedIp ?? ''}` : t.never}</td>
      <td>
        <button
          type="button"
          className="btn btn-small btn-danger"
          aria-label={fill(t.revokeToken, { name: token.name })}
          disabled={revoke.isPending}
          onClick={() => revoke.mutate()}
        >
          {t.revoke}
        </button>
        {revoke.isError && <span className="error">{errorMessage(revoke.error)}</span>}
      </td>
    </tr>
  );
}

function CreateToken({ isAdmin }: { isAdmin: boolean }) {
  const t = useStrings().integrations.tokens;
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
      <h2 id="new-token-title">{t.newTitle}</h2>
      {create.data && <ShownOnce label={t.yourNewToken} value={create.data.token} onDone={() => create.reset()} />}
      <form onSubmit={handleSubmit} className="stack">
        <label>
          {t.name}
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={80} />
        </label>
        {isAdmin && (
          <fieldset>
            <legend>{t.kind}</legend>
            {(['personal', 'organization'] as const).map((k) => (
              <label key={k} className="choice">
                <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} />{' '}
                {k === 'personal' ? t.kindPersonal : t.kindOrganization}
              </label>
            ))}
          </fieldset>
        )}
        <fieldset>
          <legend>{t.scopes}</legend>
          <table className="table scopes">
            <tbody>
              {API_SCOPE_RESOURCES.map((r) => (
                <tr key={r}>
                  <th scope="row">{t.resources[r]}</th>
                  {(['none', 'read', 'write'] as const).map((a) => (
                    <td key={a}>
                      <label className="choice">
                        <input
                          type="radio"
                          name={`scope-${r}`}
                          aria-label={fill(t.scopeAccess, { resource: t.resources[r], access: t.accessShort[a] })}
                          checked={access[r] === a}
                          onChange={() => setAccess((x) => ({ ...x, [r]: a }))}
                        />{' '}
                        {t.access[a]}
                      </label>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <label>
          {t.expiresOn}
          <input type="date" value={expiry} onInput={(e) => setExpiry(e.currentTarget.value)} />
        </label>
        {create.isError && (
          <p className="error" role="alert">
            {errorMessage(create.error)}
          </p>
        )}
        <p>
          <button type="submit" className="btn" disabled={create.isPending || scopesOf(access).length === 0}>
            {t.create}
          </button>
        </p>
      </form>
    </section>
  );
}
