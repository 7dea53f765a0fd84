import type { TAvailability, TMeResponse } from '@oceras/protocol';
import { meOf } from '@oceras/protocol/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useStrings } from '../../i18n/i18n';
import { api, session } from '../../lib/api';
import { useLiveSync } from '../../lib/live-sync-provider';
import { askNotificationPermission, notificationsSupported } from '../../lib/notifications';
import { setTitleBadge } from '../../lib/page-title';
import { paths } from '../../lib/paths';
import { keys, queries } from '../../lib/queries';
import { SHORTCUTS, useShortcuts } from '../../lib/shortcuts';
import { useStore } from '../../lib/store';
import { useActivityPing } from '../../lib/use-activity-ping';
import { VIEWS, viewCount } from '../../lib/views';
import { SETTINGS_PAGES } from '../../routes';
import { SavedViewsNav } from '../saved-views/saved-views-nav';
import { SearchBox } from '../search/search-box';
import { ConnectionNotice } from './connection-notice';
import { NavCountLink } from './nav-count-link';

// The palette loads on its first Ctrl/Cmd+K: the first screen does not carry it.
const CommandPalette = lazy(() => import('../palette/command-palette'));

export function Shell({ me, children }: { me: TMeResponse; children: ReactNode }) {
  const [location] = useLocation();
  const counts = useQuery(queries.counts());
  const unreadMentions = useQuery(queries.mentions()).data?.unreadCount ?? 0;
  const [isHelpOpen, setHelpOpen] = useState(false);
  const [isNavOpen, setNavOpen] = useState(false);
  const [isPaletteOpen, setPaletteOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const badge = useStore(useLiveSync().unseen);
  const isAdmin = me.agent.role === 'admin';
  const strings = useStrings();
  const t = strings.shell;
  useActivityPing();

  useShortcuts({
    '/': () => searchRef.current?.focus(),
    '?': () => setHelpOpen(true),
    esc: () => setHelpOpen(false),
  });

  // Ctrl+K / Cmd+K opens the command palette from anywhere, a field included (useShortcuts skips modified keys).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setPaletteOpen((o) => !o);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => setTitleBadge(badge || 0), [badge]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: close the menu whenever the page changes
  useEffect(() => setNavOpen(false), [location]);

  return (
    <div className="app">
      <nav className={`nav ${isNavOpen ? 'nav-open' : ''}`} aria-label={t.main}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>{me.organization.name}</span>
        </div>
        <p className="nav-heading">{t.inbox}</p>
        <ul className="nav-list">
          {VIEWS.map((v) => (
            <li key={v.id}>
              <NavCountLink href={paths.inbox(v.id)} location={location} count={viewCount(v.id, counts.data)}>
                {strings.desk.views[v.id]}
              </NavCountLink>
            </li>
          ))}
        </ul>
        <SavedViewsNav location={location} />
        <ul className="nav-list">
          <li>
            <Link
              href={paths.mentions}
              className={location === paths.mentions ? 'active' : ''}
              aria-current={location === paths.mentions ? 'page' : undefined}
            >
              <span>{t.mentions}</span>
              {unreadMentions > 0 && (
                <span className="count">
                  {unreadMentions}
                  <span className="sr-only"> {t.unread}</span>
                </span>
              )}
            </Link>
          </li>
        </ul>
        <ul className="nav-list">
          <li>
            <Link
              href={paths.contacts}
              className={location.startsWith(paths.contacts) ? 'active' : ''}
              aria-current={location === paths.contacts ? 'page' : undefined}
            >
              {t.contacts}
            </Link>
          </li>
        </ul>
        {me.agent.role !== 'agent' && (
          <>
            <p className="nav-heading">{t.team}</p>
            <ul className="nav-list">
              <li>
                <Link
                  href={paths.reports}
                  className={location === paths.reports ? 'active' : ''}
                  aria-current={location === paths.reports ? 'page' : undefined}
                >
                  {t.reports}
                </Link>
              </li>
            </ul>
          </>
        )}
        {isAdmin && (
          <>
            <p className="nav-heading">{t.settings}</p>
            <ul className="nav-list">
              {SETTINGS_PAGES.map((p) => (
                <li key={p.path}>
                  <Link href={p.path} className={location === p.path ? 'active' : ''}>
                    {t.settingsPages[p.name]}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="nav-bottom">
          <Link href={paths.cannedResponses} className={location === paths.cannedResponses ? 'active' : ''}>
            {t.cannedResponses}
          </Link>
          <Link href={paths.apiTokens} className={location === paths.apiTokens ? 'active' : ''}>
            {t.apiTokens}
          </Link>
          <Link href={paths.account} className={location === paths.account ? 'active' : ''}>
            {me.agent.name} <span className="muted">· {t.roles[me.agent.role]}</span>
          </Link>
          <SignOutButton />
        </div>
      </nav>
      <div className="main">
        <header className="topbar">
          <button
            type="button"
            className="btn btn-ghost nav-toggle"
            aria-label={t.menu}
            onClick={() => setNavOpen((o) => !o)}
          >
            ☰
          </button>
          <SearchBox inputRef={searchRef} />
          <div className="topbar-right">
            <NotificationButton />
            <button
              type="button"
              className="btn btn-ghost"
              aria-label={t.keyboardShortcuts}
              onClick={() => setHelpOpen(true)}
            >
              ?
            </button>
            <AvailabilitySwitch me={me} />
          </div>
        </header>
        <ConnectionNotice />
        <main className="content">{children}</main>
      </div>
      {isHelpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
      {isPaletteOpen && (
        <Suspense fallback={null}>
          <CommandPalette me={me} onClose={() => setPaletteOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}

function AvailabilitySwitch({ me }: { me: TMeResponse }) {
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: (availability: TAvailability) => api.call('updateMe', { body: { availability } }),
    onSuccess: (answer) => qc.setQueryData(keys.me(), meOf(answer)),
  });
  const value = m.isPending && m.variables ? m.variables : me.agent.availability;
  const t = useStrings().shell;
  return (
    <label className={`availability availability-${value}`}>
      <span className="dot" aria-hidden="true" />
      <span className="sr-only">{t.availability}</span>
      <select value={value} onChange={(e) => m.mutate(e.target.value as TAvailability)} aria-label={t.availability}>
        {(['online', 'away', 'offline'] as const).map((a) => (
          <option key={a} value={a}>
            {t.availabilities[a]}
          </option>
        ))}
      </select>
    </label>
  );
}

function NotificationButton() {
  const [perm, setPerm] = useState(() => (notificationsSupported() ? Notification.permission : 'denied'));
  const t = useStrings().shell;
  if (!notificationsSupported() || perm !== 'default') return null;
  return (
    <button type="button" className="btn btn-ghost" onClick={async () => setPerm(await askNotificationPermission())}>
      {t.enableNotifications}
    </button>
  );
}

function SignOutButton() {
  const [, navigate] = useLocation();
  const t = useStrings().shell;
  return (
    <button
      type="button"
      className="btn btn-ghost"
      onClick={async () => {
        const refreshToken = session.current?.refreshToken;
        await api.call('logout', { body: { refreshToken } }).catch(() => {});
        session.signOut();
        navigate(paths.landing);
      }}
    >
      {t.signOut}
    </button>
  );
}

function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const t = useStrings().shell;
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">{t.keyboardShortcuts}</h2>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([k, what]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{t.shortcuts[what]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn" onClick={onClose}>
        {t.close}
      </button>
    </dialog>
  );
}
