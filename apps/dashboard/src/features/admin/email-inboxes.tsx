import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fill, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { keys, queries } from '../../lib/queries';

/**
 * Settings → Email → Inboxes: the addresses (support@…) whose new emails start conversations on the email channel.
 * Each has a forwarding address to forward the mailbox to, unless the domain's MX points at Oceras.
 */
export function EmailInboxes() {
  const t = useStrings().admin.email.inboxes;
  const qc = useQueryClient();
  const inboxes = useQuery(queries.emailInboxes());
  const [address, setAddress] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: keys.emailInboxes() });
  const create = useMutation({
    mutationFn: (a: string) => api.call('createEmailInbox', { body: { address: a } }),
    onSuccess: () => {
      setAddress('');
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.call('deleteEmailInbox', { params: { id } }),
    onSuccess: refresh,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (address.trim()) create.mutate(address.trim());
  };
  const error = create.error ?? remove.error ?? inboxes.error;
  return (
    <section className="card stack" aria-labelledby="inboxes-title">
      <h2 id="inboxes-title">{t.title}</h2>
      <p className="muted">{t.help}</p>
      {inboxes.data && inboxes.data.inboxes.length === 0 && <p className="muted">{t.none}</p>}
      {inboxes.data && inboxes.data.inboxes.length > 0 && (
        <ul className="stack" aria-label={t.list}>
          {inboxes.data.inboxes.map((i) => (
            <li key={i.id}>
              <strong>{i.address}</strong>
              {i.forwardingAddress && (
                <span className="muted">
                  {' '}
                  · {t.forwardTo} <code>{i.forwardingAddress}</code>
                </span>
              )}{' '}
              <button
                type="button"
                className="btn btn-ghost"
                aria-label={fill(t.disconnectAddress, { address: i.address })}
                disabled={remove.isPending}
                onClick={() => remove.mutate(i.id)}
              >
                {t.disconnect}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="action-row" onSubmit={submit}>
        <label>
          {t.address}
          <input
            type="email"
            required
            placeholder="support@your-company.com"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t.connect}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      )}
    </section>
  );
}
