import { mustSetUpTwoFactor } from '@oceras/protocol/two-factor';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { matchRoute, useRouter } from 'wouter';
import { browserLanguage, switchLanguage, useStrings } from '../../i18n/i18n';
import { onTwoFactorRequired } from '../../lib/api';
import { LiveSyncProvider } from '../../lib/live-sync-provider';
import { paths, patterns } from '../../lib/paths';
import { keys, queries, useMe } from '../../lib/queries';
import { hasShownView, isViewId, lastView, type ViewId, viewFilter } from '../../lib/views';
import { SignedInRoutes } from '../../routes';
import { Shell } from './shell';

const TwoFactorRequired = lazy(() => import('../two-factor/two-factor-required'));

/** Everything behind sign-in: who I am, the live socket, and the pages. */
export function SignedIn() {
  const qc = useQueryClient();
  const { parser } = useRouter();
  // The first screen's data in parallel with "who am I", not after it.
  useState(() => {
    const at = location.pathname;
    const view = matchRoute(parser, patterns.inbox, at)[1]?.view;
    const isLanding = (at === paths.landing || at === paths.signIn || at === paths.signUp) && !hasShownView();
    // Landing by counts: both candidate lists load with the counts, so neither waits for them.
    const last = lastView.get();
    // A saved view's filters come with the views themselves: its list loads once they are known.
    const views: ViewId[] = isViewId(view) ? [view] : isLanding ? ['mine', 'unassigned'] : isViewId(last) ? [last] : [];
    for (const v of views) void qc.prefetchQuery(queries.list(viewFilter(v)));
    void qc.prefetchQuery(queries.counts());
    void qc.prefetchQuery(queries.agents());
  });
  const me = useMe();
  const t = useStrings();
  // The agent's language, or their browser's until they choose one (account settings).
  const language = me.data ? (me.data.language ?? browserLanguage()) : null;
  useEffect(() => {
    if (language) void switchLanguage(language);
  }, [language]);
  // Switched on while signed in: a refused call reloads "who am I", which leads to the setup.
  useEffect(() => onTwoFactorRequired(() => void qc.invalidateQueries({ queryKey: keys.me() })), [qc]);

  if (me.isError)
    return (
      <main className="auth">
        <p role="alert">{t.common.loadAccountFailed}</p>
      </main>
    );
  if (!me.data) return <main className="loading" aria-busy="true" />;
  // The organization requires two-factor and this agent has none: setting it up comes before anything else (the
  // server refuses the rest, and the socket, with TWO_FACTOR_REQUIRED).
  if (mustSetUpTwoFactor(me.data))
    return (
      <Suspense fallback={<main className="loading" aria-busy="true" />}>
        <TwoFactorRequired me={me.data} />
      </Suspense>
    );

  return (
    <LiveSyncProvider meId={me.data.agent.id}>
      <Shell me={me.data}>
        <SignedInRoutes me={me.data} />
      </Shell>
    </LiveSyncProvider>
  );
}
