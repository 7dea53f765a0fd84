import { LIMITS, type TAgent } from '@oceras/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fill, fillNodes, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { keys } from '../../lib/queries';

/** The sign-in email, changed only with the current password (a wrong one is the server's sentence, the session stays). */
export function EmailCard({ agent }: { agent: TAgent }) {
  const t = useStrings().account.email;
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [currentPassword, setPassword] = useState('');
  const change = useMutation({
    mutationFn: () => api.call('changeEmail', { body: { email, currentPassword } }),
    onSuccess: (a) => {
      qc.setQueryData(keys.me(), (m) => (m ? { ...m, agent: a } : m));
      setEmail('');
      setPassword('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="email-title">
      <h2 id="email-title">{t.title}</h2>
      <p className="muted account-line">{fillNodes(t.current, { email: <strong>{agent.email}</strong> })}</p>
      <label>
        {t.newEmail}
        <input
          type="email"
          required
          autoComplete="email"
          maxLength={LIMITS.emailMax}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      <label>
        {t.currentPassword}
        <input
          type="password"
          required
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {change.isError && (
        <p className="error" role="alert">
          {errorMessage(change.error)}
        </p>
      )}
      {change.isSuccess && (
        <p className="ok" role="status">
          {fill(t.changed, { email: change.data.email })}
        </p>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={change.isPending}>
          {t.change}
        </button>
      </div>
    </form>
  );
}
