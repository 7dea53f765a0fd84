import type { TMeResponse } from '@oceras/protocol';
import { type ComponentType, lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { AcceptInvitationPage, SignInPage, SignUpPage } from './features/auth/auth-pages';
import { InboxPage } from './features/inbox/inbox-page';
import { Landing } from './features/shell/landing';
import type { Strings } from './i18n/i18n';
import { session } from './lib/api';
import { paths, patterns } from './lib/paths';

// Pages away from the inbox load on first visit, keeping the first screen's JavaScript small.
const AccountPage = lazy(() => import('./features/account/account-page').then((m) => ({ default: m.AccountPage })));
const AgentsPage = lazy(() => import('./features/admin/agents-page').then((m) => ({ default: m.AgentsPage })));
const OrganizationPage = lazy(() =>
  import('./features/admin/organization-page').then((m) => ({ default: m.OrganizationPage })),
);
const WidgetPage = lazy(() => import('./features/admin/widget-page').then((m) => ({ default: m.WidgetPage })));
const PushPage = lazy(() => import('./features/admin/push-page').then((m) => ({ default: m.PushPage })));
const ApiTokensPage = lazy(() =>
  import('./features/integrations/api-tokens-page').then((m) => ({ default: m.ApiTokensPage })),
);
const WebhooksPage = lazy(() =>
  import('./features/integrations/webhooks-page').then((m) => ({ default: m.WebhooksPage })),
);
const CannedResponsesPage = lazy(() =>
  import('./features/canned-responses/canned-responses-page').then((m) => ({ default: m.CannedResponsesPage })),
);
const CustomFieldsPage = lazy(() =>
  import('./features/custom-fields/custom-fields-page').then((m) => ({ default: m.CustomFieldsPage })),
);
const TeamsPage = lazy(() => import('./features/teams/teams-page').then((m) => ({ default: m.TeamsPage })));
const ContactsPage = lazy(() => import('./features/contacts/contacts-page').then((m) => ({ default: m.ContactsPage })));
const ContactPage = lazy(() => import('./features/contacts/contact-page').then((m) => ({ default: m.ContactPage })));
const AuditLogPage = lazy(() => import('./features/admin/audit-log-page').then((m) => ({ default: m.AuditLogPage })));
const EmailPage = lazy(() => import('./features/admin/email-page').then((m) => ({ default: m.EmailPage })));
const BusinessHoursPage = lazy(() =>
  import('./features/business-hours/business-hours-page').then((m) => ({ default: m.BusinessHoursPage })),
);
const MentionsPage = lazy(() => import('./features/mentions/mentions-page').then((m) => ({ default: m.MentionsPage })));
const ReportsPage = lazy(() => import('./features/reports/reports-page').then((m) => ({ default: m.ReportsPage })));

/** A settings page's name in the catalogs (`shell.settingsPages`). */
export type SettingsPageName = keyof Strings['shell']['settingsPages'];

/** The settings pages: for admins only, listed in this order under Settings in the nav. */
export const SETTINGS_PAGES: { path: string; name: SettingsPageName; page: ComponentType }[] = [
  { path: paths.agents, name: 'agents', page: AgentsPage },
  { path: paths.teams, name: 'teams', page: TeamsPage },
  { path: paths.customFields, name: 'customFields', page: CustomFieldsPage },
  { path: paths.organization, name: 'organization', page: OrganizationPage },
  { path: paths.widget, name: 'widget', page: WidgetPage },
  { path: paths.push, name: 'push', page: PushPage },
  { path: paths.email, name: 'email', page: EmailPage },
  { path: paths.businessHours, name: 'businessHours', page: BusinessHoursPage },
  { path: paths.webhooks, name: 'webhooks', page: WebhooksPage },
  { path: paths.auditLog, name: 'auditLog', page: AuditLogPage },
];

/** Signed out: sign up, accept an invitation, and sign in at every other address (it stays in the address bar). */
export function SignedOutRoutes() {
  return (
    <Switch>
      <Route path={paths.signUp} component={SignUpPage} />
      <Route path={paths.invite} component={AcceptInvitationPage} />
      <Route>
        <SignInPage wasEnded={session.wasEnded()} />
      </Route>
    </Switch>
  );
}

/** Signed in: the page area of the shell. A settings page is "Not found" for whoever is not an admin. */
export function SignedInRoutes({ me }: { me: TMeResponse }) {
  const isAdmin = me.agent.role === 'admin';
  return (
    <Suspense fallback={<section className="page" aria-busy="true" />}>
      <Switch>
        <Route path={paths.landing} component={Landing} />
        <Route path={patterns.inbox}>{(p) => <InboxPage view={p.view} conversationId={null} />}</Route>
        <Route path={patterns.conversation}>{(p) => <InboxPage view={null} conversationId={p.id} />}</Route>
        <Route path={paths.account} component={AccountPage} />
        <Route path={paths.mentions} component={MentionsPage} />
        <Route path={paths.apiTokens} component={ApiTokensPage} />
        {me.agent.role !== 'agent' && <Route path={paths.reports} component={ReportsPage} />}
        <Route path={paths.cannedResponses} component={CannedResponsesPage} />
        <Route path={paths.contacts} component={ContactsPage} />
        <Route path={patterns.contact}>{(p) => <ContactPage key={p.id} id={p.id} />}</Route>
        {isAdmin && SETTINGS_PAGES.map((s) => <Route key={s.path} path={s.path} component={s.page} />)}
        <Route path={paths.invite}>
          <section className="page">
            <h1>Invitation</h1>
            <p>
              You are signed in as {me.agent.name}. To accept an invitation for another account, sign out first and open
              the link again.
            </p>
          </section>
        </Route>
        <Route path={paths.signIn} component={Landing} />
        <Route path={paths.signUp} component={Landing} />
        <Route>
          <section className="page">
            <h1>Not found</h1>
            <p>This page does not exist, or your role does not give access to it.</p>
          </section>
        </Route>
      </Switch>
    </Suspense>
  );
}
