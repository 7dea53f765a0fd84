import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Route, Switch } from 'wouter';
import { api, session } from '../../lib/api';
import { startLiveSync } from '../../lib/live-sync';
import { countsQuery, useMe } from '../../lib/queries';
import { disconnectRealtime, renewSocket } from '../../lib/realtime';
import { hasShownView, isViewId, lastView, type ViewId, viewFilter } from '../../lib/views';
import { InboxPage } from '../inbox/inbox-page';
import { listQuery } from '../inbox/use-conversation-list';
import { Landing } from './landing';
import { Shell } from './shell';

// Pages away from the inbox load on first visit, keeping the first screen's JavaScript small.
const AccountPage = lazy(() => import('../account/account-page').then((m) => ({ default: m.AccountPage })));
const AgentsPage = lazy(() => import('../admin/agents-page').then((m) => ({ default: m.AgentsPage })));
const OrganizationPage = lazy(() =>
  import('../admin/organization-page').then((m) => ({ default: m.OrganizationPage })),
);
const WidgetPage = lazy(() => import('../admin/widget-page').then((m) => ({ default: m.WidgetPage })));
const PushPage = lazy(() => import('../admin/push-page').then((m) => ({ default: m.PushPage })));

/** Everything behind sign-in: who I am, the live socket, and the pages. */
export function SignedIn() {
  const qc = useQueryClient();
  // The first screen's data in parallel with "who am I", not after it.
  useState(() => {
    const view = location.pathname.match(/^\/inbox\/([a-z]+)/)?.[1];
    const isLanding = /^\/(signin|signup)?$/.test(location.pathname) && !hasShownView();
    // Landing by counts: both candidate lists load with the counts, so neither waits for them.
    const views: ViewId[] = isViewId(view) ? [view] : isLanding ? ['mine', 'unassigned'] : [lastView.get()];
    for (const v of views) void qc.prefetchQuery(listQuery(viewFilter(v)));
    void qc.prefetchQuery(countsQuery);
    void qc.prefetchQuery({ queryKey: ['agents'], queryFn: () => api.call('listAgents') });
  });
  const me = useMe();
  const meId = me.data?.agent.id;

  useEffect(() => {
    if (!meId) return;
    startLiveSync(qc, meId);
    const off = session.subscribe((tokens, reason) => {
      if (reason === 'refresh' && tokens) renewSocket(tokens.accessToken);
    });
    return () => {
      off();
      disconnectRealtime();
    };
  }, [qc, meId]);

  if (me.isError)
    return (
      <main className="auth">
        <p role="alert">Could not load your account. Reload the page to try again.</p>
      </main>
    );
  if (!me.data) return <main className="loading" aria-busy="true" />;
  const isAdmin = me.data.agent.role === 'admin';

  return (
    <Shell me={me.data}>
      <Suspense fallback={<section className="page" aria-busy="true" />}>
        <Switch>
          <Route path="/" component={Landing} />
          <Route path="/inbox/:view">{(p) => <InboxPage view={p.view} conversationId={null} />}</Route>
          <Route path="/conversations/:id">{(p) => <InboxPage view={null} conversationId={p.id} />}</Route>
          <Route path="/account" component={AccountPage} />
          {isAdmin && <Route path="/admin/agents" component={AgentsPage} />}
          {isAdmin && <Route path="/admin/organization" component={OrganizationPage} />}
          {isAdmin && <Route path="/admin/widget" component={WidgetPage} />}
          {isAdmin && <Route path="/admin/push" component={PushPage} />}
          <Route path="/invite">
            <section className="page">
              <h1>Invitation</h1>
              <p>
                You are signed in as {me.data.agent.name}. To accept an invitation for another account, sign out first
                and open the link again.
              </p>
            </section>
          </Route>
          <Route path="/signin" component={Landing} />
          <Route path="/signup" component={Landing} />
          <Route>
            <section className="page">
              <h1>Not found</h1>
              <p>This page does not exist, or your role does not give access to it.</p>
            </section>
          </Route>
        </Switch>
      </Suspense>
    </Shell>
  );
}
