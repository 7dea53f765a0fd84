import { z } from 'zod';
import {
  ZAgent,
  ZAgentList,
  ZCreateInvitationRequest,
  ZInvitation,
  ZInvitationList,
  ZUpdateAgentRequest,
} from './agents.js';
import { ZCreateUploadRequest, ZUpload } from './attachments.js';
import {
  ZAcceptInvitationRequest,
  ZAuthResponse,
  ZChangeEmailRequest,
  ZChangePasswordRequest,
  ZLoginRequest,
  ZLogoutRequest,
  ZMeResponse,
  ZRefreshRequest,
  ZSessionList,
  ZSignupRequest,
  ZTokenPair,
  ZUpdateMeRequest,
  ZUpdateMeResponse,
} from './auth.js';
import { ZAvailabilitySchedule } from './availability-schedule.js';
import {
  ZCannedResponse,
  ZCannedResponseList,
  ZCreateCannedResponseRequest,
  ZListCannedResponsesQuery,
  ZUpdateCannedResponseRequest,
} from './canned-responses.js';
import type { TRole } from './common.js';
import { ZId, ZOk } from './common.js';
import {
  CONTACT_LIMITS,
  ZContactPage,
  ZCreateVisitorNoteRequest,
  ZImportVisitorsRequest,
  ZImportVisitorsResult,
  ZListVisitorsQuery,
  ZMergeVisitorsRequest,
  ZVisitorNote,
  ZVisitorNoteList,
  ZVisitorNoteParams,
} from './contacts.js';
import {
  ZConversation,
  ZConversationCounts,
  ZConversationPage,
  ZListConversationsQuery,
  ZMarkReadRequest,
  ZUpdateConversationRequest,
  ZVisitorDetail,
} from './conversations.js';
import {
  ZCreateCustomFieldRequest,
  ZCustomField,
  ZCustomFieldList,
  ZCustomFieldValuesResponse,
  ZListCustomFieldsQuery,
  ZSetCustomFieldValuesRequest,
  ZUpdateCustomFieldRequest,
} from './custom-fields.js';
import {
  ZDevice,
  ZDeviceList,
  ZNotificationSettings,
  ZPushDelivery,
  ZPushDeliveryList,
  ZRegisterDeviceRequest,
  ZUpdateNotificationSettingsRequest,
} from './devices.js';
import {
  ZCreateEmailInboxRequest,
  ZEmailDeliveryPage,
  ZEmailDeliveryQuery,
  ZEmailInbox,
  ZEmailInboxList,
  ZSetTranscriptRequest,
  ZTranscriptQueued,
} from './email.js';
import { ZIdentitySecret } from './identity.js';
import {
  type TApiScope,
  ZApiTokenList,
  ZCreateApiTokenRequest,
  ZCreatedApiToken,
  ZCreatedWebhook,
  ZCreateWebhookRequest,
  ZDeliveryParams,
  ZUpdateWebhookRequest,
  ZWebhook,
  ZWebhookDelivery,
  ZWebhookDeliveryList,
  ZWebhookList,
} from './integrations.js';
import { ZListMentionsQuery, ZMarkMentionsReadRequest, ZMarkMentionsReadResponse, ZMentionPage } from './mentions.js';
import {
  ZListMessagesQuery,
  ZMessage,
  ZMessagePage,
  ZSendMessageRequest,
  ZVisitorSendMessageRequest,
} from './messages.js';
import { ZOrganization, ZUpdateOrganizationRequest } from './organizations.js';
import {
  ZAgentExport,
  ZAuditLogExport,
  ZAuditLogPage,
  ZAuditLogQuery,
  ZDeleteOrganizationQuery,
  ZPublicConfig,
  ZRemoveAgentQuery,
  ZRestriction,
  ZSetRestrictionRequest,
  ZUpdateVisitorRequest,
  ZVisitorExport,
} from './privacy.js';
import {
  ZAgentReport,
  ZHeatmapReport,
  ZRateConversationRequest,
  ZReportQuery,
  ZReportSummary,
  ZReportSummaryQuery,
  ZTagReport,
  ZTeamReport,
} from './reports.js';
import {
  BULK_MAX,
  SAVED_VIEW_LIMITS,
  ZBulkUpdateConversationsRequest,
  ZBulkUpdateConversationsResponse,
  ZCreateSavedViewRequest,
  ZSavedView,
  ZSavedViewCounts,
  ZSavedViewList,
  ZUpdateSavedViewRequest,
} from './saved-views.js';
import { ZSearchPage, ZSearchQuery } from './search.js';
import { ZCreateTeamRequest, ZTeam, ZTeamList, ZUpdateTeamRequest } from './teams.js';
import {
  ZConfirmTwoFactorRequest,
  ZEnableTwoFactorRequest,
  ZLoginResponse,
  ZLoginTwoFactorRequest,
  ZRecoveryCodes,
  ZTwoFactorSetup,
} from './two-factor.js';
import {
  ZCreateWidgetSessionRequest,
  ZIdentifyVisitorRequest,
  ZStartConversationRequest,
  ZVisitor,
  ZVisitorConversation,
  ZVisitorConversationList,
  ZWidgetConfig,
  ZWidgetConfigQuery,
  ZWidgetSessionResponse,
} from './widget.js';

/**
 * Who may call a route. `public`: anyone (sign-up, login, widget bootstrap). `agent`: a signed-in agent, with
 * `role` the least role needed. `visitor`: a widget session.
 */
export type RouteAuth =
  | { kind: 'public' }
  | {
      kind: 'agent';
      role: TRole;
      /**
       * What an API token needs to call it (scopeAllows); null: the account itself (password, sessions, devices,
       * tokens, webhooks...), never to a token, only to a signed-in agent. Required: a route cannot forget it.
       */
      scope: TApiScope | null;
    }
  | { kind: 'visitor' };

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  auth: RouteAuth;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  /** Status of a successful answer; 200 unless given. */
  status?: number;
  /**
   * A create keyed by the caller's `clientId`: sending the same one again writes nothing and answers 200 with what
   * the first call answered (instead of `status`), so clients retry safely and can tell a retry from a new write.
   */
  replayable?: true;
  /**
   * The answer is a JSON document streamed as it is read from the database (an export), never built in memory:
   * `response` describes the document; it is sent as a download (`Content-Disposition: attachment`).
   */
  stream?: true;
  /**
   * An agent route that answers even when the organization requires two-factor and the agent has none yet: what
   * setting it up needs. Every other agent route answers 403 TWO_FACTOR_REQUIRED to them.
   */
  beforeTwoFactor?: true;
  /** The largest request body, in bytes, when a route takes more than LIMITS.bodyLimitBytes (the CSV import). */
  bodyLimit?: number;
  /** A streamed download that is CSV text, not JSON (`stream: true` too). */
  csv?: true;
}

const publicAuth = { kind: 'public' } as const;
const agent = <S extends TApiScope | null>(scope: S) => ({ kind: 'agent', role: 'agent', scope }) as const;
const manager = <S extends TApiScope | null>(scope: S) => ({ kind: 'agent', role: 'manager', scope }) as const;
const admin = <S extends TApiScope | null>(scope: S) => ({ kind: 'agent', role: 'admin', scope }) as const;
/** Account routes: a signed-in agent only, never an API token. */
const ACCOUNT = null;
const visitor = { kind: 'visitor' } as const;
const ZIdParams = z.strictObject({ id: ZId });

/** The one route table: the server registers from it, the typed client calls from it, the tests walk it. */
export const ROUTES = {
  signup: {
    method: 'POST',
    path: '/api/v1/auth/signup',
    auth: publicAuth,
    summary: 'Create an organization and its first admin',
    body: ZSignupRequest,
    response: ZAuthResponse,
    status: 201,
  },
  login: {
    method: 'POST',
    path: '/api/v1/auth/login',
    auth: publicAuth,
    summary:
      'Sign in with email and password; an agent with two-factor on gets `{ twoFactorRequired, challengeToken }` instead of tokens',
    body: ZLoginRequest,
    response: ZLoginResponse,
  },
  loginTwoFactor: {
    method: 'POST',
    path: '/api/v1/auth/login/two-factor',
    auth: publicAuth,
    summary: "Finish a sign-in with the login's challenge and a code from the authenticator app or a recovery code",
    body: ZLoginTwoFactorRequest,
    response: ZAuthResponse,
  },
  refresh: {
    method: 'POST',
    path: '/api/v1/auth/refresh',
    auth: publicAuth,
    summary: 'Rotate a refresh token for a new token pair',
    body: ZRefreshRequest,
    response: ZTokenPair,
  },
  logout: {
    method: 'POST',
    path: '/api/v1/auth/logout',
    auth: agent(ACCOUNT),
    summary: 'End the current session',
    body: ZLogoutRequest,
    response: ZOk,
    beforeTwoFactor: true,
  },
  acceptInvitation: {
    method: 'POST',
    path: '/api/v1/auth/invitations/accept',
    auth: publicAuth,
    summary: 'Join an organization with an invitation token',
    body: ZAcceptInvitationRequest,
    response: ZAuthResponse,
    status: 201,
  },

  getPublicConfig: {
    method: 'GET',
    path: '/api/v1/config',
    auth: publicAuth,
    summary: "What a client shows before sign-in: the operator's terms and privacy policy links",
    response: ZPublicConfig,
  },

  getMe: {
    method: 'GET',
    path: '/api/v1/me',
    auth: agent(ACCOUNT),
    summary: 'The signed-in agent and their organization',
    response: ZMeResponse,
    beforeTwoFactor: true,
  },
  setUpTwoFactor: {
    method: 'POST',
    path: '/api/v1/me/two-factor/setup',
    auth: agent(ACCOUNT),
    summary: 'Start setting up two-factor sign-in: a new TOTP secret, pending until a code confirms it',
    response: ZTwoFactorSetup,
    beforeTwoFactor: true,
  },
  enableTwoFactor: {
    method: 'POST',
    path: '/api/v1/me/two-factor/enable',
    auth: agent(ACCOUNT),
    summary: 'Confirm the pending secret with a code: two-factor is on; answers the recovery codes, once',
    body: ZEnableTwoFactorRequest,
    response: ZRecoveryCodes,
    beforeTwoFactor: true,
  },
  disableTwoFactor: {
    method: 'DELETE',
    path: '/api/v1/me/two-factor',
    auth: agent(ACCOUNT),
    summary: 'Turn two-factor sign-in off, confirmed by the password and a code (TOTP or recovery)',
    body: ZConfirmTwoFactorRequest,
    response: ZOk,
  },
  regenerateRecoveryCodes: {
    method: 'POST',
    path: '/api/v1/me/two-factor/recovery-codes',
    auth: agent(ACCOUNT),
    summary: 'New recovery codes (the old ones stop working), confirmed by the password and a code',
    body: ZConfirmTwoFactorRequest,
    response: ZRecoveryCodes,
  },
  updateMe: {
    method: 'PATCH',
    path: '/api/v1/me',
    auth: agent(ACCOUNT),
    summary:
      "Change own name, avatar or availability. Answers GET /me's shape; the agent's fields also at the top level are deprecated (protocol 1's answer) and go at protocol 2",
    body: ZUpdateMeRequest,
    response: ZUpdateMeResponse,
  },
  exportMe: {
    method: 'GET',
    path: '/api/v1/me/export',
    auth: agent(ACCOUNT),
    summary:
      'Everything kept about the signed-in agent (profile, sessions, devices, notification settings, messages they wrote), streamed as JSON',
    response: ZAgentExport,
    stream: true,
  },
  deleteMe: {
    method: 'DELETE',
    path: '/api/v1/me',
    auth: agent(ACCOUNT),
    summary:
      'Delete own account: sessions, devices and tokens end at once, personal data is erased, messages stay under "Deleted agent"; refused to the last admin while other agents remain',
    response: ZOk,
  },
  changePassword: {
    method: 'POST',
    path: '/api/v1/me/password',
    auth: agent(ACCOUNT),
    summary: 'Change password; ends every other session',
    body: ZChangePasswordRequest,
    response: ZOk,
  },
  changeEmail: {
    method: 'PATCH',
    path: '/api/v1/me/email',
    auth: agent(ACCOUNT),
    summary: 'Change own sign-in email, confirmed by the current password',
    body: ZChangeEmailRequest,
    response: ZAgent,
  },
  listSessions: {
    method: 'GET',
    path: '/api/v1/me/sessions',
    auth: agent(ACCOUNT),
    summary: 'Own active sessions',
    response: ZSessionList,
  },
  endSession: {
    method: 'DELETE',
    path: '/api/v1/me/sessions/:id',
    auth: agent(ACCOUNT),
    summary: 'End one of own sessions',
    params: ZIdParams,
    response: ZOk,
  },

  registerDevice: {
    method: 'POST',
    path: '/api/v1/me/devices',
    auth: agent(ACCOUNT),
    summary: 'Register (or refresh) this device for push notifications; it belongs to the current session',
    body: ZRegisterDeviceRequest,
    response: ZDevice,
  },
  listDevices: {
    method: 'GET',
    path: '/api/v1/me/devices',
    auth: agent(ACCOUNT),
    summary: 'Own devices that receive push notifications',
    response: ZDeviceList,
  },
  removeDevice: {
    method: 'DELETE',
    path: '/api/v1/me/devices/:id',
    auth: agent(ACCOUNT),
    summary: 'Stop pushing to one of own devices',
    params: ZIdParams,
    response: ZOk,
  },
  getNotificationSettings: {
    method: 'GET',
    path: '/api/v1/me/notifications',
    auth: agent(ACCOUNT),
    summary: 'Which push notifications and emails the signed-in agent receives',
    response: ZNotificationSettings,
  },
  updateNotificationSettings: {
    method: 'PATCH',
    path: '/api/v1/me/notifications',
    auth: agent(ACCOUNT),
    summary:
      'Change which push notifications the signed-in agent receives, and their emails while offline (`email`: off, immediate or a daily digest)',
    body: ZUpdateNotificationSettingsRequest,
    response: ZNotificationSettings,
  },
  listMentions: {
    method: 'GET',
    path: '/api/v1/notifications/mentions',
    auth: agent('conversations:read'),
    summary:
      "Where colleagues mentioned the signed-in agent (`@name` in an internal note), newest first, with each one's read state and the unread count",
    query: ZListMentionsQuery,
    response: ZMentionPage,
  },
  markMentionsRead: {
    method: 'POST',
    path: '/api/v1/notifications/mentions/read',
    auth: agent('conversations:write'),
    summary: "Mark the signed-in agent's mentions read: those in one conversation, or all",
    body: ZMarkMentionsReadRequest,
    response: ZMarkMentionsReadResponse,
  },

  getOrganization: {
    method: 'GET',
    path: '/api/v1/organization',
    auth: agent('settings:read'),
    summary: 'The organization, with its public widget key',
    response: ZOrganization,
  },
  updateOrganization: {
    method: 'PATCH',
    path: '/api/v1/organization',
    auth: admin('settings:write'),
    summary:
      'Rename, change slug, widget settings, automatic assignment (`autoAssignment`, for conversations without a team) and `reassignOfflineAfterMinutes`',
    body: ZUpdateOrganizationRequest,
    response: ZOrganization,
  },
  createIdentitySecret: {
    method: 'POST',
    path: '/api/v1/organization/identity-secret',
    auth: admin('settings:write'),
    summary:
      "Create or rotate the identity secret that signs visitors' user ids (userHash = hex HMAC-SHA256 of userId); answered once, always 200. Rotating stops every earlier hash at once; sessions already made keep working until they expire",
    response: ZIdentitySecret,
  },
  deleteOrganization: {
    method: 'DELETE',
    path: '/api/v1/organization',
    auth: admin(ACCOUNT),
    summary: 'Delete the organization and everything of it at once; confirmed by its slug in `confirm`',
    query: ZDeleteOrganizationQuery,
    response: ZOk,
  },

  listAgents: {
    method: 'GET',
    path: '/api/v1/agents',
    auth: agent('settings:read'),
    summary: 'Colleagues with availability and connection',
    response: ZAgentList,
  },
  updateAgent: {
    method: 'PATCH',
    path: '/api/v1/agents/:id',
    auth: admin('settings:write'),
    summary:
      "Change an agent's role or capacity (unresolved conversations automatic assignment may give them; null: no limit)",
    params: ZIdParams,
    body: ZUpdateAgentRequest,
    response: ZAgent,
  },
  removeAgent: {
    method: 'DELETE',
    path: '/api/v1/agents/:id',
    auth: admin('settings:write'),
    summary:
      'Remove an agent; their sessions end, their conversations become unassigned; their personal data is erased at once with erase=true, else 30 days later',
    params: ZIdParams,
    query: ZRemoveAgentQuery,
    response: ZOk,
  },
  setAgentRestriction: {
    method: 'PUT',
    path: '/api/v1/agents/:id/restriction',
    auth: admin('settings:write'),
    summary: 'Restrict an agent (objection): no pushes, no emails, left out of reports; or lift it',
    params: ZIdParams,
    body: ZSetRestrictionRequest,
    response: ZRestriction,
  },
  getAvailabilitySchedule: {
    method: 'GET',
    path: '/api/v1/agents/:id/schedule',
    auth: agent(ACCOUNT),
    summary:
      "An agent's availability schedule (their own; admins: anyone's in the organization); none yet: off, empty, the organization's time zone",
    params: ZIdParams,
    response: ZAvailabilitySchedule,
  },
  updateAvailabilitySchedule: {
    method: 'PUT',
    path: '/api/v1/agents/:id/schedule',
    auth: agent(ACCOUNT),
    summary:
      "Set an agent's availability schedule (their own; admins: anyone's): online when a range starts, offline when it ends, while followSchedule is on",
    params: ZIdParams,
    body: ZAvailabilitySchedule,
    response: ZAvailabilitySchedule,
  },
  listInvitations: {
    method: 'GET',
    path: '/api/v1/invitations',
    auth: admin('settings:read'),
    summary: 'Pending invitations',
    response: ZInvitationList,
  },
  createInvitation: {
    method: 'POST',
    path: '/api/v1/invitations',
    auth: admin('settings:write'),
    summary: 'Invite an agent by email',
    body: ZCreateInvitationRequest,
    response: ZInvitation,
    status: 201,
  },
  revokeInvitation: {
    method: 'DELETE',
    path: '/api/v1/invitations/:id',
    auth: admin('settings:write'),
    summary: 'Withdraw an invitation',
    params: ZIdParams,
    response: ZOk,
  },

  listOrganizationDevices: {
    method: 'GET',
    path: '/api/v1/devices',
    auth: admin('settings:read'),
    summary: "Every agent's registered devices, the 1,000 most recently seen first",
    response: ZDeviceList,
  },
  sendTestPush: {
    method: 'POST',
    path: '/api/v1/devices/:id/test',
    auth: admin('settings:write'),
    summary: 'Queue a test push to a device; follow it in the deliveries',
    params: ZIdParams,
    response: ZPushDelivery,
    status: 202,
  },
  listPushDeliveries: {
    method: 'GET',
    path: '/api/v1/push/deliveries',
    auth: admin('settings:read'),
    summary: 'The last 100 pushes and their outcome, newest first',
    response: ZPushDeliveryList,
  },
  listEmailDeliveries: {
    method: 'GET',
    path: '/api/v1/email/deliveries',
    auth: admin('settings:read'),
    summary:
      'The outbound email log, newest first, keyset-paginated: recipient, subject, status (pending, sent, bounced, failed, cancelled), attempts and the last SMTP error; never the body',
    query: ZEmailDeliveryQuery,
    response: ZEmailDeliveryPage,
  },
  listEmailInboxes: {
    method: 'GET',
    path: '/api/v1/email/inboxes',
    auth: admin('settings:read'),
    summary: "The organization's email inboxes, with the forwarding address of each",
    response: ZEmailInboxList,
  },
  createEmailInbox: {
    method: 'POST',
    path: '/api/v1/email/inboxes',
    auth: admin('settings:write'),
    summary:
      'Connect an address (support@company): new emails to it, or to its forwarding address, start conversations on the email channel. CONFLICT (409) when the address is already connected',
    body: ZCreateEmailInboxRequest,
    response: ZEmailInbox,
    status: 201,
  },
  deleteEmailInbox: {
    method: 'DELETE',
    path: '/api/v1/email/inboxes/:id',
    auth: admin('settings:write'),
    summary: 'Disconnect an inbox: new emails to it are refused; its conversations stay, and their replies still work',
    params: ZIdParams,
    response: ZOk,
  },

  listConversations: {
    method: 'GET',
    path: '/api/v1/conversations',
    auth: agent('conversations:read'),
    summary:
      'Inbox list, newest activity first, keyset-paginated; `field.<key>=<value>` (any number) keeps conversations whose custom field holds the value (a number, `true`/`false` for a checkbox, one option of a multiple choice)',
    query: ZListConversationsQuery,
    response: ZConversationPage,
  },
  searchConversations: {
    method: 'GET',
    path: '/api/v1/search',
    auth: agent('conversations:read'),
    summary:
      "Full-text search of conversations: message and note bodies, subject, visitor name and email, tags, #number; ranked, keyset-paginated, with a highlighted snippet; takes the list's `field.<key>=<value>` filters",
    query: ZSearchQuery,
    response: ZSearchPage,
  },
  countConversations: {
    method: 'GET',
    path: '/api/v1/conversations/counts',
    auth: agent('conversations:read'),
    summary: 'Counts per inbox view and status, and unread conversations',
    response: ZConversationCounts,
  },
  getConversation: {
    method: 'GET',
    path: '/api/v1/conversations/:id',
    auth: agent('conversations:read'),
    summary: 'One conversation',
    params: ZIdParams,
    response: ZConversation,
  },
  updateConversation: {
    method: 'PATCH',
    path: '/api/v1/conversations/:id',
    auth: agent('conversations:write'),
    summary: 'Change status, priority, assignee, team, tags or subject',
    params: ZIdParams,
    body: ZUpdateConversationRequest,
    response: ZConversation,
  },
  bulkUpdateConversations: {
    method: 'POST',
    path: '/api/v1/conversations/bulk',
    auth: agent('conversations:write'),
    summary: `Change up to ${BULK_MAX} conversations at once: one change (status, snooze, priority, assignee, team, tags added or removed) applied to each, one transaction per conversation with the single update's rules, events, system lines and webhooks. Answers per id, in order: the conversation, or its error (NOT_FOUND for another organization's, FORBIDDEN, ILLEGAL_TRANSITION...), that one left unchanged`,
    body: ZBulkUpdateConversationsRequest,
    response: ZBulkUpdateConversationsResponse,
  },
  setConversationFields: {
    method: 'PATCH',
    path: '/api/v1/conversations/:id/fields',
    auth: agent('conversations:write'),
    summary:
      "Set a conversation's custom field values by key (null clears one; others keep theirs); each value is checked against its field's type, 400 naming `values.<key>` otherwise",
    params: ZIdParams,
    body: ZSetCustomFieldValuesRequest,
    response: ZConversation,
  },
  listVisitors: {
    method: 'GET',
    path: '/api/v1/visitors',
    auth: agent('contacts:read'),
    summary:
      "Contacts: the organization's visitors, newest seen first, keyset-paginated; `q` is a case-insensitive part of the name, email, phone or company; `filter` narrows to identified, anonymous, with-email or erased ones",
    query: ZListVisitorsQuery,
    response: ZContactPage,
  },
  exportVisitorsCsv: {
    method: 'GET',
    path: '/api/v1/visitors/export.csv',
    auth: admin('contacts:read'),
    summary:
      'Every contact as a CSV file (id, name, email, phone, company, user id, first and last seen, custom attributes as JSON); a cell a spreadsheet would run as a formula starts with a quote',
    response: z.string(),
    stream: true,
    csv: true,
  },
  importVisitorsCsv: {
    method: 'POST',
    path: '/api/v1/visitors/import',
    auth: manager('contacts:write'),
    summary:
      'Import contacts from CSV text (`csv`): a header row naming `email` (required, the key: an existing contact with that email is updated, else one is created), `name`, `phone`, `company` and custom attribute keys. Each row stands alone: the valid ones are imported, the others listed with their line',
    body: ZImportVisitorsRequest,
    response: ZImportVisitorsResult,
    bodyLimit: CONTACT_LIMITS.importCharsMax * 4 + 1024,
  },
  getVisitor: {
    method: 'GET',
    path: '/api/v1/visitors/:id',
    auth: agent('contacts:read'),
    summary:
      'A contact: labels, phone, company, time zone and language, first and last seen, user agent, custom attributes and their conversations with the page each was started from (newest first, at most 50)',
    params: ZIdParams,
    response: ZVisitorDetail,
  },
  updateVisitor: {
    method: 'PATCH',
    path: '/api/v1/visitors/:id',
    auth: agent('contacts:write'),
    summary:
      "Correct a contact's name, email, phone or company (rectification; null clears one), or set custom attributes (merged; null removes one)",
    params: ZIdParams,
    body: ZUpdateVisitorRequest,
    response: ZVisitorDetail,
  },
  setVisitorFields: {
    method: 'PATCH',
    path: '/api/v1/visitors/:id/fields',
    auth: agent('contacts:write'),
    summary:
      "Set a contact's custom field values by key (null clears one; others keep theirs); each value is checked against its field's type, 400 naming `values.<key>` otherwise",
    params: ZIdParams,
    body: ZSetCustomFieldValuesRequest,
    response: ZCustomFieldValuesResponse,
  },
  mergeVisitors: {
    method: 'POST',
    path: '/api/v1/visitors/:id/merge',
    auth: manager('contacts:write'),
    summary:
      "Merge this contact into another (`intoVisitorId`): its conversations, notes, uploads and consents move, its empty labels fill the other's, and it is deleted; audited. 409 VISITORS_NOT_MERGEABLE for an erased contact, the same one, or two different verified users",
    params: ZIdParams,
    body: ZMergeVisitorsRequest,
    response: ZVisitorDetail,
  },
  listVisitorNotes: {
    method: 'GET',
    path: '/api/v1/visitors/:id/notes',
    auth: agent('contacts:read'),
    summary: "Agents' notes about a contact, newest first (at most 200); never shown to the visitor",
    params: ZIdParams,
    response: ZVisitorNoteList,
  },
  createVisitorNote: {
    method: 'POST',
    path: '/api/v1/visitors/:id/notes',
    auth: agent('contacts:write'),
    summary: 'Write a note about a contact (not on an erased one)',
    params: ZIdParams,
    body: ZCreateVisitorNoteRequest,
    response: ZVisitorNote,
    status: 201,
  },
  deleteVisitorNote: {
    method: 'DELETE',
    path: '/api/v1/visitors/:id/notes/:noteId',
    auth: agent('contacts:write'),
    summary: 'Delete a note about a contact: its author, or a manager or admin (403 otherwise)',
    params: ZVisitorNoteParams,
    response: ZOk,
  },
  eraseVisitor: {
    method: 'DELETE',
    path: '/api/v1/visitors/:id',
    auth: admin('contacts:write'),
    summary:
      'Erase a visitor: name, email, IP, user agent, messages, files and push records go at once; the conversations stay as empty shells',
    params: ZIdParams,
    response: ZOk,
  },
  exportVisitor: {
    method: 'GET',
    path: '/api/v1/visitors/:id/export',
    auth: admin('contacts:read'),
    summary: 'Everything kept about a visitor, streamed as JSON',
    params: ZIdParams,
    response: ZVisitorExport,
    stream: true,
  },
  setVisitorRestriction: {
    method: 'PUT',
    path: '/api/v1/visitors/:id/restriction',
    auth: admin('contacts:write'),
    summary: 'Restrict a visitor (objection): their messages are pushed to nobody and left out of reports; or lift it',
    params: ZIdParams,
    body: ZSetRestrictionRequest,
    response: ZRestriction,
  },
  listAuditLog: {
    method: 'GET',
    path: '/api/v1/audit-log',
    auth: admin('settings:read'),
    summary:
      'Exports, erasures, restrictions, role changes: who, when, what (never content), newest first, keyset-paginated',
    query: ZAuditLogQuery,
    response: ZAuditLogPage,
  },
  exportAuditLog: {
    method: 'GET',
    path: '/api/v1/audit-log/export',
    auth: admin('settings:read'),
    summary: 'The whole audit log, oldest first, streamed as JSON',
    response: ZAuditLogExport,
    stream: true,
  },
  revokeVisitorSessions: {
    method: 'DELETE',
    path: '/api/v1/visitors/:id/sessions',
    auth: agent('contacts:write'),
    summary: "End a visitor's widget sessions: their browsers start over as new visitors",
    params: ZIdParams,
    response: ZOk,
  },
  listMessages: {
    method: 'GET',
    path: '/api/v1/conversations/:id/messages',
    auth: agent('messages:read'),
    summary: 'Messages, notes and system lines',
    params: ZIdParams,
    query: ZListMessagesQuery,
    response: ZMessagePage,
  },
  sendMessage: {
    method: 'POST',
    path: '/api/v1/conversations/:id/messages',
    auth: agent('messages:write'),
    summary: 'Reply, or add an internal note with type "note"',
    params: ZIdParams,
    body: ZSendMessageRequest,
    response: ZMessage,
    status: 201,
    replayable: true,
  },
  sendConversationTranscript: {
    method: 'POST',
    path: '/api/v1/conversations/:id/transcript',
    auth: agent('messages:write'),
    summary:
      "Email the conversation's transcript to its visitor now (public messages only, never notes), through the outbound queue. EMAIL_UNAVAILABLE (409) when no email can reach the visitor",
    params: ZIdParams,
    response: ZTranscriptQueued,
    status: 202,
  },
  createUpload: {
    method: 'POST',
    path: '/api/v1/uploads',
    auth: agent('messages:write'),
    summary:
      'Ask for a signed URL to upload one file to; attach it with attachmentIds on a message (unattached uploads go after a day)',
    body: ZCreateUploadRequest,
    response: ZUpload,
    status: 201,
  },
  markRead: {
    method: 'PUT',
    path: '/api/v1/conversations/:id/read',
    auth: agent('conversations:write'),
    summary: 'Move own read cursor',
    params: ZIdParams,
    body: ZMarkReadRequest,
    response: ZMarkReadRequest,
  },

  listCannedResponses: {
    method: 'GET',
    path: '/api/v1/canned-responses',
    auth: agent('settings:read'),
    summary:
      "The caller's personal canned responses and the organization's shared ones, by shortcode (at most 200; `isTruncated` says more matched: narrow with `q`, a prefix of the shortcode or the title). Bodies are templates: the agent's app fills in `{{visitor.name}}`, `{{agent.name}}`... (expandCannedResponse)",
    query: ZListCannedResponsesQuery,
    response: ZCannedResponseList,
  },
  createCannedResponse: {
    method: 'POST',
    path: '/api/v1/canned-responses',
    auth: agent('settings:write'),
    summary:
      "Create a canned response: `personal` (any agent, theirs only) or `shared` (managers and admins; 403 otherwise). 409 SHORTCODE_TAKEN when the shortcode is used among the shared ones, or among the caller's own; a personal one may reuse a shared one's shortcode",
    body: ZCreateCannedResponseRequest,
    response: ZCannedResponse,
    status: 201,
  },
  updateCannedResponse: {
    method: 'PATCH',
    path: '/api/v1/canned-responses/:id',
    auth: agent('settings:write'),
    summary:
      "Change a canned response's shortcode, title or body: an own personal one, or a shared one as a manager or admin (403 otherwise). Another agent's personal one: 404",
    params: ZIdParams,
    body: ZUpdateCannedResponseRequest,
    response: ZCannedResponse,
  },
  deleteCannedResponse: {
    method: 'DELETE',
    path: '/api/v1/canned-responses/:id',
    auth: agent('settings:write'),
    summary: 'Delete a canned response: an own personal one, or a shared one as a manager or admin',
    params: ZIdParams,
    response: ZOk,
  },

  listSavedViews: {
    method: 'GET',
    path: '/api/v1/saved-views',
    auth: agent('conversations:read'),
    summary: "The caller's personal saved views and the organization's shared ones, by name",
    response: ZSavedViewList,
  },
  countSavedViews: {
    method: 'GET',
    path: '/api/v1/saved-views/counts',
    auth: agent('conversations:read'),
    summary: `Per saved view the caller sees: the conversations its filters list, counted up to ${SAVED_VIEW_LIMITS.countCap}`,
    response: ZSavedViewCounts,
  },
  createSavedView: {
    method: 'POST',
    path: '/api/v1/saved-views',
    auth: agent('conversations:write'),
    summary: `Save the inbox's filters (the list's own query) as a view: \`personal\` (any agent, theirs only) or \`shared\` (managers and admins; 403 otherwise). At most ${SAVED_VIEW_LIMITS.perOwnerMax} per owner (409 CONFLICT)`,
    body: ZCreateSavedViewRequest,
    response: ZSavedView,
    status: 201,
  },
  updateSavedView: {
    method: 'PATCH',
    path: '/api/v1/saved-views/:id',
    auth: agent('conversations:write'),
    summary:
      "Rename a saved view or replace its filters: an own personal one, or a shared one as a manager or admin (403 otherwise). Another agent's personal one: 404",
    params: ZIdParams,
    body: ZUpdateSavedViewRequest,
    response: ZSavedView,
  },
  deleteSavedView: {
    method: 'DELETE',
    path: '/api/v1/saved-views/:id',
    auth: agent('conversations:write'),
    summary: 'Delete a saved view: an own personal one, or a shared one as a manager or admin',
    params: ZIdParams,
    response: ZOk,
  },

  listTeams: {
    method: 'GET',
    path: '/api/v1/teams',
    auth: agent('settings:read'),
    summary: "The organization's teams, by name, with their members and automatic assignment switch",
    response: ZTeamList,
  },
  createTeam: {
    method: 'POST',
    path: '/api/v1/teams',
    auth: admin('settings:write'),
    summary: 'Create a team (name unique in the organization, else 409 TEAM_NAME_TAKEN), with members',
    body: ZCreateTeamRequest,
    response: ZTeam,
    status: 201,
  },
  updateTeam: {
    method: 'PATCH',
    path: '/api/v1/teams/:id',
    auth: admin('settings:write'),
    summary:
      'Rename a team, switch its automatic assignment, replace its members (`agentIds`) or set its own business hours (`businessHours`; null: the organization’s)',
    params: ZIdParams,
    body: ZUpdateTeamRequest,
    response: ZTeam,
  },
  deleteTeam: {
    method: 'DELETE',
    path: '/api/v1/teams/:id',
    auth: admin('settings:write'),
    summary: 'Delete a team; its conversations keep their assignee and lose the team',
    params: ZIdParams,
    response: ZOk,
  },

  listCustomFields: {
    method: 'GET',
    path: '/api/v1/custom-fields',
    auth: agent('settings:read'),
    summary: "The organization's custom fields for conversations and contacts (`entity` narrows), oldest first",
    query: ZListCustomFieldsQuery,
    response: ZCustomFieldList,
  },
  createCustomField: {
    method: 'POST',
    path: '/api/v1/custom-fields',
    auth: admin('settings:write'),
    summary:
      'Define a custom field: text, number, date, single or multiple choice, checkbox; its key is unique per entity (409 FIELD_KEY_TAKEN) and never changes',
    body: ZCreateCustomFieldRequest,
    response: ZCustomField,
    status: 201,
  },
  updateCustomField: {
    method: 'PATCH',
    path: '/api/v1/custom-fields/:id',
    auth: admin('settings:write'),
    summary: "Change a custom field's label, options (values holding a removed option lose it) or required-on-resolve",
    params: ZIdParams,
    body: ZUpdateCustomFieldRequest,
    response: ZCustomField,
  },
  deleteCustomField: {
    method: 'DELETE',
    path: '/api/v1/custom-fields/:id',
    auth: admin('settings:write'),
    summary: 'Delete a custom field and every value it holds',
    params: ZIdParams,
    response: ZOk,
  },

  createApiToken: {
    method: 'POST',
    path: '/api/v1/api-tokens',
    auth: agent(ACCOUNT),
    summary:
      'Create an API token (`Authorization: Bearer oce_...`) with scopes; answered once in `token`. Personal tokens act as their creator; organization tokens (admins only) act as an admin. Both never beyond their scopes',
    body: ZCreateApiTokenRequest,
    response: ZCreatedApiToken,
    status: 201,
  },
  listApiTokens: {
    method: 'GET',
    path: '/api/v1/api-tokens',
    auth: agent(ACCOUNT),
    summary: "Own personal tokens; admins also see the organization's tokens and everyone's personal tokens",
    response: ZApiTokenList,
  },
  revokeApiToken: {
    method: 'DELETE',
    path: '/api/v1/api-tokens/:id',
    auth: agent(ACCOUNT),
    summary: 'Revoke a token at once (own tokens; admins: any token of the organization)',
    params: ZIdParams,
    response: ZOk,
  },

  createWebhook: {
    method: 'POST',
    path: '/api/v1/webhooks',
    auth: admin(ACCOUNT),
    summary:
      'Subscribe a URL to events; answers the signing secret once. URLs resolving to private, loopback or link-local addresses are refused (422 WEBHOOK_URL_REFUSED)',
    body: ZCreateWebhookRequest,
    response: ZCreatedWebhook,
    status: 201,
  },
  listWebhooks: {
    method: 'GET',
    path: '/api/v1/webhooks',
    auth: admin(ACCOUNT),
    summary: "The organization's webhook subscriptions",
    response: ZWebhookList,
  },
  updateWebhook: {
    method: 'PATCH',
    path: '/api/v1/webhooks/:id',
    auth: admin(ACCOUNT),
    summary: 'Change the URL or events, or turn a subscription off and on (on again: delivers events from now)',
    params: ZIdParams,
    body: ZUpdateWebhookRequest,
    response: ZWebhook,
  },
  deleteWebhook: {
    method: 'DELETE',
    path: '/api/v1/webhooks/:id',
    auth: admin(ACCOUNT),
    summary: 'Delete a subscription and its delivery log',
    params: ZIdParams,
    response: ZOk,
  },
  listWebhookDeliveries: {
    method: 'GET',
    path: '/api/v1/webhooks/:id/deliveries',
    auth: admin(ACCOUNT),
    summary: 'The last 100 deliveries, newest first, each with its attempts (status, time, response excerpt)',
    params: ZIdParams,
    response: ZWebhookDeliveryList,
  },
  resendWebhookDelivery: {
    method: 'POST',
    path: '/api/v1/webhooks/:id/deliveries/:deliveryId/resend',
    auth: admin(ACCOUNT),
    summary: 'Send a delivery again (same id, new attempt); follow it in the deliveries',
    params: ZDeliveryParams,
    response: ZWebhookDelivery,
    status: 202,
  },

  getWidgetConfig: {
    method: 'GET',
    path: '/api/v1/widget/config',
    auth: publicAuth,
    summary: "The widget's public settings for the loader; 403 DOMAIN_NOT_ALLOWED from a site not on allowedDomains",
    query: ZWidgetConfigQuery,
    response: ZWidgetConfig,
  },
  createWidgetSession: {
    method: 'POST',
    path: '/api/v1/widget/sessions',
    auth: publicAuth,
    summary:
      "Start or resume a visitor session. With userId and userHash (hex HMAC-SHA256 of userId with the identity secret), the verified user's one visitor on every device; 403 IDENTITY_INVALID for a pair that does not verify, 403 IDENTITY_REQUIRED for an anonymous visitor where verified identity is required",
    body: ZCreateWidgetSessionRequest,
    response: ZWidgetSessionResponse,
  },
  revokeWidgetSession: {
    method: 'DELETE',
    path: '/api/v1/widget/sessions/current',
    auth: visitor,
    summary: "End the calling visitor's session (Oceras.reset()): its token stops working at once",
    response: ZOk,
  },
  identifyVisitor: {
    method: 'PATCH',
    path: '/api/v1/widget/visitor',
    auth: visitor,
    summary: "Set the visitor's name or email (labels only), or custom attributes (merged; null removes one)",
    body: ZIdentifyVisitorRequest,
    response: ZVisitor,
  },
  exportWidgetVisitor: {
    method: 'GET',
    path: '/api/v1/widget/export',
    auth: visitor,
    summary: 'Download my conversations: everything kept about the visitor, streamed as JSON',
    response: ZVisitorExport,
    stream: true,
  },
  eraseWidgetVisitor: {
    method: 'DELETE',
    path: '/api/v1/widget/visitor',
    auth: visitor,
    summary: 'Delete my conversations: the visitor erases their own data; this session ends',
    response: ZOk,
  },
  listVisitorConversations: {
    method: 'GET',
    path: '/api/v1/widget/conversations',
    auth: visitor,
    summary: "The visitor's own conversations, the 100 most recently active first",
    response: ZVisitorConversationList,
  },
  startConversation: {
    method: 'POST',
    path: '/api/v1/widget/conversations',
    auth: visitor,
    summary: 'Start a conversation, optionally with a first message',
    body: ZStartConversationRequest,
    response: ZVisitorConversation,
    status: 201,
    replayable: true,
  },
  listVisitorMessages: {
    method: 'GET',
    path: '/api/v1/widget/conversations/:id/messages',
    auth: visitor,
    summary: 'Public history of an own conversation',
    params: ZIdParams,
    query: ZListMessagesQuery,
    response: ZMessagePage,
  },
  sendVisitorMessage: {
    method: 'POST',
    path: '/api/v1/widget/conversations/:id/messages',
    auth: visitor,
    summary: 'Write in an own conversation',
    params: ZIdParams,
    body: ZVisitorSendMessageRequest,
    response: ZMessage,
    status: 201,
    replayable: true,
  },
  createVisitorUpload: {
    method: 'POST',
    path: '/api/v1/widget/uploads',
    auth: visitor,
    summary: 'Ask for a signed URL to upload one file to, then attach it to a message with attachmentIds',
    body: ZCreateUploadRequest,
    response: ZUpload,
    status: 201,
  },
  rateConversation: {
    method: 'POST',
    path: '/api/v1/widget/conversations/:id/rating',
    auth: visitor,
    summary:
      'Rate a resolved conversation, 1 to 5 (three faces send 1, 3 and 5), with an optional comment; rating again replaces it. Answers the conversation with its rating',
    params: ZIdParams,
    body: ZRateConversationRequest,
    response: ZVisitorConversation,
  },
  setConversationTranscript: {
    method: 'PUT',
    path: '/api/v1/widget/conversations/:id/transcript',
    auth: visitor,
    summary:
      'Ask (or stop asking) for the transcript by email when the conversation is resolved: public messages only, attachments by name, in the widget language. EMAIL_UNAVAILABLE (409) when no email can reach the visitor',
    params: ZIdParams,
    body: ZSetTranscriptRequest,
    response: ZVisitorConversation,
  },
  reportSummary: {
    method: 'GET',
    path: '/api/v1/reports/summary',
    auth: manager('reports:read'),
    summary:
      "The organization's figures for the days from `from` to `to` (both included, in its time zone): conversations opened, resolved, reopened and waiting, first response and resolution times (median and 90th percentile), satisfaction; with the same figures for the period just before. `businessHours=true` counts the durations within the organization's business hours",
    query: ZReportSummaryQuery,
    response: ZReportSummary,
  },
  reportAgents: {
    method: 'GET',
    path: '/api/v1/reports/agents',
    auth: manager('reports:read'),
    summary: 'The same figures per agent, for the days from `from` to `to`',
    query: ZReportQuery,
    response: ZAgentReport,
  },
  reportTeams: {
    method: 'GET',
    path: '/api/v1/reports/teams',
    auth: manager('reports:read'),
    summary:
      "The agents' figures per team (over the conversations that belong to each team now), for the days from `from` to `to`",
    query: ZReportQuery,
    response: ZTeamReport,
  },
  reportTags: {
    method: 'GET',
    path: '/api/v1/reports/tags',
    auth: manager('reports:read'),
    summary: 'Conversations opened and resolved, and satisfaction, per tag, for the days from `from` to `to`',
    query: ZReportQuery,
    response: ZTagReport,
  },
  reportHeatmap: {
    method: 'GET',
    path: '/api/v1/reports/heatmap',
    auth: manager('reports:read'),
    summary: 'Conversations opened by day of the week and hour, in the time zone, for the days from `from` to `to`',
    query: ZReportQuery,
    response: ZHeatmapReport,
  },
  markVisitorRead: {
    method: 'PUT',
    path: '/api/v1/widget/conversations/:id/read',
    auth: visitor,
    summary: 'Tell agents what the visitor has seen',
    params: ZIdParams,
    body: ZMarkReadRequest,
    response: ZMarkReadRequest,
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof ROUTES;
type R = typeof ROUTES;
export type RouteBody<N extends RouteName> = R[N] extends { body: infer B extends z.ZodType } ? z.input<B> : undefined;
/** A query's numbers (z.coerce: `unknown` as input) as callers write them: a number, or the string of one. */
type AsWritten<T> = { [K in keyof T]: unknown extends T[K] ? number | string | undefined : T[K] };
export type RouteQuery<N extends RouteName> = R[N] extends { query: infer Q extends z.ZodType }
  ? AsWritten<z.input<Q>>
  : undefined;
export type RouteParams<N extends RouteName> = R[N] extends { params: infer P extends z.ZodType }
  ? z.input<P>
  : undefined;
export type RouteResponse<N extends RouteName> = z.infer<R[N]['response']>;
