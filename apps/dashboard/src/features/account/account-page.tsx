import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { currentLocale, fill, useStrings } from '../../i18n/i18n';
import { api, session } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { dateTime } from '../../lib/format';
import { keys, queries, useMe } from '../../lib/queries';
import { parseUserAgent } from '../../lib/user-agent';
import { EmailCard } from './email-card';
import { LanguageCard } from './language-card';
import { NotificationsCard } from './notifications-card';
import { ProfileCard } from './profile-card';
import { ScheduleCard } from './schedule-card';
import { YourDataCard } from './your-data-card';
import './account-page.css';

// A chunk of its own, with the QR code's library behind a second one (features/two-factor/qr-code.tsx).
const TwoFactorCard = lazy(() => import('../two-factor/two-factor-card'));

export function AccountPage() {
  const me = useMe().data;
  const t = useStrings().account;
  if (!me) return <section className="page" aria-busy="true" />;
  return (
    <section className="page">
      <h1>{t.title}</h1>
      <ProfileCard agent={me.agent} />
      <EmailCard agent={me.agent} />
      <LanguageCard language={me.language} />
      <ScheduleCard agentId={me.agent.id} />
      <ChangePassword />
      <Suspense fallback={<section className="card" aria-busy="true" />}>
        <TwoFactorCard me={me} />
      </Suspense>
      <NotificationsCard />
      <Sessions />
      <YourDataCard me={me} />
    </section>
  );
}

function ChangePassword() {
  const t = useStrings().account.password;
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const m = useMutation({
    mutationFn: () => api.call('changePassword', { body: { currentPassword, newPassword } }),
    onSuccess: () => {
      setCurrent('');
      setNew('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="pw-title">
      <h2 id="pw-title">{t.title}</h2>
      <label>
        {t.current}
        <input
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <label>
        {t.new}
        <input
          type="password"
          autoComplete="new-password"
          minLength={8}
          required
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
        />
      </label>
      {m.isError && (
        <p className="error" role="alert">
          {errorMessage(m.error)}
        </p>
      )}
      {m.isSuccess && (
        <p className="ok" role="status">
          {t.changed}
        </p>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={m.isPending}>
          {t.change}
        </button>
      </div>
    </form>
  );
}

function Sessions() {
  const t = useStrings().account.sessions;
  const qc = useQueryClient();
  const list = useQuery(queries.sessions());
  const end = useMutation({
    mutationFn: (id: string) => api.call('endSession', { params: { id } }),
    onSuccess: (_r, id) => {
      if (id === session.current?.sessionId) session.signOut();
      else void qc.invalidateQueries({ queryKey: keys.sessions() });
    },
  });
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t.title}</h2>
      {end.isError && (
        <p className="error" role="alert">
          {errorMessage(end.error)}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th>{t.device}</th>
            <th>{t.signedIn}</th>
            <th>{t.lastActive}</th>
            <th>
              <span className="sr-only">{t.actions}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data?.sessions.map((s) => {
            const ua = parseUserAgent(s.userAgent);
            return (
              <tr key={s.id}>
                <td>
                  {ua ? (ua.os ? fill(t.browserOn, { browser: ua.browser, os: ua.os }) : ua.browser) : t.unknownDevice}
                  {s.isCurrent && <span className="pill">{t.thisBrowser}</span>}
                  <div className="muted">{s.ip ?? ''}</div>
                </td>
                <td>{dateTime(s.createdAt, currentLocale())}</td>
                <td>{dateTime(s.lastUsedAt, currentLocale())}</td>
                <td>
                  <button type="button" className="btn btn-small" onClick={() => end.mutate(s.id)}>
                    {s.isCurrent ? t.signOut : t.end}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
