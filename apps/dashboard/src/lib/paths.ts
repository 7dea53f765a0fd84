import type { ListId } from './views';

/** The addresses with a part, as the route table (src/routes.tsx) matches them. */
export const patterns = {
  inbox: '/inbox/:view',
  conversation: '/conversations/:id',
  contact: '/contacts/:id',
} as const;

/**
 * Every address of the dashboard: the route table matches these, and links, redirects and notifications are built
 * from them. They live apart from the table because the table imports the pages, and a page importing it back would
 * be an import cycle.
 */
export const paths = {
  landing: '/',
  signIn: '/signin',
  signUp: '/signup',
  invite: '/invite',
  account: '/account',
  agents: '/admin/agents',
  teams: '/admin/teams',
  /** Custom fields for conversations and contacts (issue 18). */
  customFields: '/admin/custom-fields',
  organization: '/admin/organization',
  widget: '/admin/widget',
  push: '/admin/push',
  auditLog: '/admin/audit-log',
  webhooks: '/admin/webhooks',
  email: '/admin/email',
  /** Business hours and automatic replies (issue 18). */
  businessHours: '/admin/business-hours',
  /** Managers and admins: the organization's figures. */
  reports: '/reports',
  /** Every agent's own tokens (admins: the organization's too). */
  apiTokens: '/api-tokens',
  /** Every agent's own canned responses; managers and admins also the shared ones. */
  cannedResponses: '/canned-responses',
  /** Conversations where colleagues mentioned me in a note, newest first. */
  mentions: '/mentions',
  /** Every agent: the organization's visitors as contacts (the list; one contact's page). */
  contacts: '/contacts',
  contact: (id: string) => patterns.contact.replace(':id', id),
  /** The sign-in page after the account or the whole organization was deleted: it says so. */
  deleted: (what: 'account' | 'organization') => `/signin?deleted=${what}`,
  /** A built-in view (`mine`...) or a saved one (`view-<id>`). */
  inbox: (view: ListId) => patterns.inbox.replace(':view', view),
  conversation: (id: string) => patterns.conversation.replace(':id', id),
} as const;
