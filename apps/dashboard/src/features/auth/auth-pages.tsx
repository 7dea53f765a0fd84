import type { TAuthResponse, TPublicConfig } from '@oceras/protocol';
import { isTwoFactorChallenge } from '@oceras/protocol/two-factor';
import { type FormEvent, lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { fillNodes, useStrings } from '../../i18n/i18n';
import { publicApi, session } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { paths } from '../../lib/paths';

// Only agents with two-factor on see the code step: it loads after the password was right.
const TwoFactorStep = lazy(() => import('./two-factor-step').then((m) => ({ default: m.TwoFactorStep })));

function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Oceras
        </div>
        <h1>{title}</h1>
        {children}
        {footer && <p className="auth-footer">{footer}</p>}
      </div>
    </main>
  );
}

/** Submits once, shows the server's message on failure, signs in with the answer (none: a next step follows). */
function useAuthSubmit(run: () => Promise<TAuthResponse | null>) {
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await run();
      if (answer) session.signIn(answer);
      else setBusy(false);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return { error, isBusy, onSubmit };
}

export function SignInPage({ wasEnded }: { wasEnded: boolean }) {
  const t = useStrings().auth;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // A right password for an account with two-factor on: the code step, with the login's challenge.
  const [challenge, setChallenge] = useState<{ token: string; ended?: string } | null>(null);
  const { error, isBusy, onSubmit } = useAuthSubmit(async () => {
    const answer = await publicApi.call('login', { body: { email, password } });
    if (!isTwoFactorChallenge(answer)) return answer;
    setChallenge({ token: answer.challengeToken });
    return null;
  });
  const deleted = new URLSearchParams(useSearch()).get('deleted');
  if (challenge && !challenge.ended)
    return (
      <AuthCard title={t.twoFactorTitle}>
        <Suspense fallback={<p aria-busy="true" />}>
          <TwoFactorStep
            challengeToken={challenge.token}
            onEnded={(why) => {
              setPassword('');
              setChallenge({ token: '', ended: why });
            }}
          />
        </Suspense>
      </AuthCard>
    );
  return (
    <AuthCard title={t.signInTitle} footer={<Link href={paths.signUp}>{t.newHere}</Link>}>
      {challenge?.ended && (
        <p className="notice notice-warn" role="status">
          {challenge.ended}
        </p>
      )}
      {deleted && !error && (
        <p className="notice" role="status">
          {deleted === 'organization' ? t.organizationDeleted : t.accountDeleted}
        </p>
      )}
      {!deleted && wasEnded && !error && (
        <p className="notice notice-warn" role="status">
          {t.sessionEnded}
        </p>
      )}
      <form onSubmit={onSubmit} className="stack">
        <label>
          {t.email}
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t.password}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={isBusy}>
          {t.signIn}
        </button>
      </form>
    </AuthCard>
  );
}

const slugify = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);

/** §10 and the operator's documents (TERMS_URL, PRIVACY_URL): what an organization agrees to by signing up. */
function SignUpTerms() {
  const t = useStrings().auth;
  const [links, setLinks] = useState<TPublicConfig | null>(null);
  useEffect(() => {
    publicApi.call('getPublicConfig').then(setLinks, () => setLinks(null));
  }, []);
  const terms = links?.termsUrl && (
    <a href={links.termsUrl} target="_blank" rel="noopener noreferrer">
      {t.termsOfService}
    </a>
  );
  const privacy = links?.privacyUrl && (
    <a href={links.privacyUrl} target="_blank" rel="noopener noreferrer">
      {t.privacyPolicy}
    </a>
  );
  return (
    <p className="muted">
      {t.businessUse}{' '}
      {terms && privacy
        ? fillNodes(t.acceptBoth, { terms, privacy })
        : (terms || privacy) && fillNodes(t.acceptOne, { document: terms || privacy })}
    </p>
  );
}

export function SignUpPage() {
  const t = useStrings().auth;
  const [, navigate] = useLocation();
  const [f, setF] = useState({ organizationName: '', slug: '', name: '', email: '', password: '' });
  const [isSlugEdited, setSlugEdited] = useState(false);
  const { error, isBusy, onSubmit } = useAuthSubmit(async () => {
    const res = await publicApi.call('signup', { body: f });
    navigate(paths.landing);
    return res;
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  return (
    <AuthCard title={t.signUpTitle} footer={<Link href={paths.landing}>{t.haveAccount}</Link>}>
      <form onSubmit={onSubmit} className="stack">
        <label>
          {t.organizationName}
          <input
            required
            value={f.organizationName}
            onChange={(e) =>
              setF({ ...f, organizationName: e.target.value, slug: isSlugEdited ? f.slug : slugify(e.target.value) })
            }
          />
        </label>
        <label>
          {t.slug}
          <input
            required
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            value={f.slug}
            onChange={(e) => {
              setSlugEdited(true);
              set('slug')(e);
            }}
          />
        </label>
        <label>
          {t.yourName}
          <input required autoComplete="name" value={f.name} onChange={set('name')} />
        </label>
        <label>
          {t.email}
          <input type="email" required autoComplete="username" value={f.email} onChange={set('email')} />
        </label>
        <label>
          {t.password}
          <input
            type="password"
            required
            minLength={8}
            autoComplete="new-password"
            value={f.password}
            onChange={set('password')}
          />
        </label>
        <SignUpTerms />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={isBusy}>
          {t.createOrganization}
        </button>
      </form>
    </AuthCard>
  );
}

/** The invitation link carries its token in the fragment (never sent to a server, never in logs). */
export function AcceptInvitationPage() {
  const t = useStrings().auth;
  const [, navigate] = useLocation();
  const [token] = useState(() => new URLSearchParams(location.hash.slice(1)).get('token') ?? '');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { error, isBusy, onSubmit } = useAuthSubmit(async () => {
    const res = await publicApi.call('acceptInvitation', { body: { token, name, password } });
    history.replaceState(null, '', paths.landing);
    navigate(paths.landing);
    return res;
  });
  if (!token)
    return (
      <AuthCard title={t.invitationTitle} footer={<Link href={paths.landing}>{t.signIn}</Link>}>
        <p className="error" role="alert">
          {t.invitationIncomplete}
        </p>
      </AuthCard>
    );
  return (
    <AuthCard title={t.joinTitle}>
      <form onSubmit={onSubmit} className="stack">
        <label>
          {t.yourName}
          <input required autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t.choosePassword}
          <input
            type="password"
            required
            minLength={8}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={isBusy}>
          {t.acceptInvitation}
        </button>
      </form>
    </AuthCard>
  );
}
