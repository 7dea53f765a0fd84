import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { matchRoute, useRouter } from 'wouter';
import { LiveSyncProvider } from '../../lib/live-sync-provider';
import { paths, patterns } from '../../lib/paths';
import { queries, useMe } from '../../lib/queries';
import { hasShownView, isViewId, lastView, type ViewId, viewFilter } from '../../lib/views';
import { SignedInRoutes } from '../../routes';
import { Shell } from './shell';

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
    const views: ViewId[] = isViewId(view) ? [view] : isLanding ? ['mine', 'unassigned'] : [lastView.get()];
    for (const v of views) void qc.prefetchQuery(queries.list(viewFilter(v)));
    void qc.prefetchQuery(queries.counts());
    void qc.prefetchQuery(queries.agents());
  });
  const me = useMe();

  if (me.isError)
    return (
      <main className="auth">
        <p role="alert">Could not load your account. Reload the page to try again.</p>
      </main>
    );
  if (!me.data) return <main className="loading" aria-busy="true" />;

  return (
    <LiveSyncProvider meId={me.data.agent.id}>
      <Shell me={me.data}>
        <SignedInRoutes me={me.data} />
      </Shell>
    </LiveSyncProvider>
  );
}
