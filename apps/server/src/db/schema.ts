import type { TSavedViewFilters } from '@oceras/protocol';
import {
  CUSTOM_FIELD_ENTITIES,
  CUSTOM_FIELD_TYPES,
  type TCustomFieldValues,
} from '@oceras/protocol/custom-field-rules';
import { LANGUAGES } from '@oceras/protocol/languages';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  widgetKey: text('widget_key').notNull().unique(),
  widgetSettings: jsonb('widget_settings').notNull(),
  /** Last per-organization event sequence handed out; its row lock orders the organization's writes. */
  eventSeq: bigint('event_seq', { mode: 'number' }).notNull().default(0),
  conversationCounter: integer('conversation_counter').notNull().default(0),
  /** An agent's reply to an unassigned conversation assigns it to them. */
  autoAssignOnReply: boolean('auto_assign_on_reply').notNull().default(true),
  /** TAttachmentSettings; missing keys mean the defaults (DEFAULT_ATTACHMENT_SETTINGS). */
  attachmentSettings: jsonb('attachment_settings').notNull().default({}),
  /** Resolved conversations quiet this many days are deleted (jobs/retention.job.ts); null keeps them. */
  conversationRetentionDays: integer('conversation_retention_days'),
  /** Every agent signs in with a second factor (modules/two-factor); migration 0011. */
  requireTwoFactor: boolean('require_two_factor').notNull().default(false),
  /** The identity secret that signs visitors' user ids, sealed (modules/identity); null until an admin creates it. */
  identitySecretSealed: text('identity_secret_sealed'),
  /** Anonymous widget sessions are refused (IDENTITY_REQUIRED); migration 0014. */
  requireVerifiedIdentity: boolean('require_verified_identity').notNull().default(false),
  /** IANA time zone the reports count days and hours in; migration 0016. */
  timeZone: text('time_zone').notNull().default('UTC'),
  /** Visitors who gave an email get the replies they missed by email (modules/email); migration 0015. */
  emailFollowup: boolean('email_followup').notNull().default(true),
  /** Seconds a reply stays unread before it is emailed; null: EMAIL_FOLLOWUP_DELAY_SECONDS. */
  emailFollowupDelaySeconds: integer('email_followup_delay_seconds'),
  /** Conversations without a team are assigned automatically (modules/assignment); migration 0018. */
  autoAssignment: boolean('auto_assignment').notNull().default(false),
  /** An assignee offline this long gives their unresolved conversations back to the queue; null: never. */
  reassignOfflineAfterMinutes: integer('reassign_offline_after_minutes'),
  /** Online agents with no activity for this many minutes are set away (modules/agents/inactivity.ts); null: never. */
  awayAfterInactiveMinutes: integer('away_after_inactive_minutes'),
  /** TBusinessHours, in `timeZone`; null is always open (modules/auto-replies); migration 0019. */
  businessHours: jsonb('business_hours'),
  /** TAutoReplies; missing keys mean the defaults (DEFAULT_AUTO_REPLIES, all off). */
  autoReplies: jsonb('auto_replies').notNull().default({}),
  /** TLowRatingActions; missing keys mean the defaults (DEFAULT_LOW_RATING_ACTIONS, off); migration 0030. */
  lowRatingActions: jsonb('low_rating_actions').notNull().default({}),
  /** Its business hours changed: its stored business durations are being forgotten (reports/business-filler.ts, 0033). */
  businessValuesStale: boolean('business_values_stale').notNull().default(false),
  createdAt: createdAt(),
});

export const agents = pgTable(
  'agents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['admin', 'manager', 'agent'] }).notNull(),
    availability: text('availability', { enum: ['online', 'away', 'offline'] })
      .notNull()
      .default('offline'),
    avatarUrl: text('avatar_url'),
    // Unused since migration 0006 (sign-in limits live in login_failures and login_delays, keyed by email, so an
    // unknown email is limited exactly like a known one). Dropped once no running process selects them.
    failedLogins: integer('failed_logins').notNull().default(0),
    failedLoginsSince: ts('failed_logins_since'),
    lastFailedLoginAt: ts('last_failed_login_at'),
    /** Which pushes the agent wants (TNotificationSettings); missing keys mean the defaults. */
    notificationSettings: jsonb('notification_settings').notNull().default({}),
    createdAt: createdAt(),
    removedAt: ts('removed_at'),
    /** Restricted (objection, policy §7): kept, but sent no pushes or emails and left out of reports. */
    restrictedAt: ts('restricted_at'),
    /** Personal data erased (modules/privacy/erase-agent.ts); the row stays as "Deleted agent" for authorship. */
    erasedAt: ts('erased_at'),
    /** Unresolved conversations automatic assignment may give them (modules/assignment); null: no limit. */
    capacity: integer('capacity'),
    /** Their last automatic assignment: the longest-waiting agent wins a tie. */
    lastAssignedAt: ts('last_assigned_at'),
    /** Kept by a trigger on every change of `availability` (migration 0018): the offline grace period's start. */
    availabilityChangedAt: ts('availability_changed_at').notNull().defaultNow(),
    /** Their app's last command or activity ping (migration 0025): away after inactivity reads it. */
    lastActiveAt: ts('last_active_at'),
    /** Set away by the server for inactivity (not by themselves): their next activity brings them back online. */
    isAutoAway: boolean('is_auto_away').notNull().default(false),
    /** The dashboard's and the app's language they chose (migration 0029); null: their browser's or device's. */
    language: text('language', { enum: LANGUAGES }),
    /** TAvailabilitySchedule (migration 0030); null: none set. */
    availabilitySchedule: jsonb('availability_schedule'),
    /**
     * While they follow their schedule: its next start or end, when the scheduler sets their availability
     * (modules/agents/follow-schedules.ts); null otherwise.
     */
    scheduleNextAt: ts('schedule_next_at'),
  },
  (t) => [
    uniqueIndex('agents_email_key').on(t.email),
    index('agents_org_idx').on(t.organizationId),
    index('agents_schedule_due_idx').on(t.scheduleNextAt).where(sql`${t.scheduleNextAt} is not null`),
  ],
);

export const agentSessions = pgTable(
  'agent_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    userAgent: text('user_agent'),
    ip: inet('ip'),
    createdAt: createdAt(),
    lastUsedAt: ts('last_used_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('agent_sessions_agent_idx').on(t.agentId)],
);

/** One row per refresh token ever issued in a session (its family); only the SHA-256 of the token is kept. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => agentSessions.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    rotatedAt: ts('rotated_at'),
  },
  (t) => [index('refresh_tokens_session_idx').on(t.sessionId)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ['admin', 'manager', 'agent'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => agents.id, { onDelete: 'set null' }),
    expiresAt: ts('expires_at').notNull(),
    acceptedAt: ts('accepted_at'),
    revokedAt: ts('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('invitations_org_idx').on(t.organizationId)],
);

export const visitors = pgTable(
  'visitors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name'),
    email: text('email'),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    /** Last sequence of this visitor's own event stream (what their sockets replay). */
    eventSeq: bigint('event_seq', { mode: 'number' }).notNull().default(0),
    firstSeenAt: ts('first_seen_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    /** Restricted (objection, policy §7): kept, but their messages are pushed to nobody and left out of reports. */
    restrictedAt: ts('restricted_at'),
    /** Personal data erased (modules/privacy/erase-visitor.ts); the row stays as the shell of their conversations. */
    erasedAt: ts('erased_at'),
    /** The customer's own user id, verified by its HMAC (modules/identity): one row per user on every device. */
    externalUserId: text('external_user_id'),
    /** Oceras.update() values (TCustomAttributes), merged; personal data. */
    customAttributes: jsonb('custom_attributes').notNull().default({}),
    /** The admin-defined contact fields' values by key (TCustomFieldValues, migration 0024); personal data. */
    customFields: jsonb('custom_fields').$type<TCustomFieldValues>().notNull().default({}),
    /** The widget's language for this visitor (en, fr, de, es): their follow-up emails are in it. */
    locale: text('locale'),
    /** The page the widget was on (an allowed domain's), the follow-up emails' link back to the chat. */
    pageUrl: text('page_url'),
    /** Contacts (migration 0020): set by agents (rectification, CSV import). */
    phone: text('phone'),
    company: text('company'),
    /** The browser's IANA time zone, as the widget sent it with the session (no IP geolocation). */
    timeZone: text('time_zone'),
    /** The title of the page the widget was on, when the site sent it; copied to a conversation as it starts. */
    pageTitle: text('page_title'),
  },
  (t) => [
    index('visitors_org_idx').on(t.organizationId),
    index('visitors_list_idx').on(t.organizationId, t.lastSeenAt.desc(), t.id.desc()),
    index('visitors_email_idx').on(t.organizationId, sql`lower(${t.email})`).where(sql`${t.erasedAt} is null`),
    uniqueIndex('visitors_external_user_key')
      .on(t.organizationId, t.externalUserId)
      .where(sql`${t.externalUserId} is not null`),
    // The retention job's reading: visitors whose address and user agent are still kept (jobs/retention.job.ts).
    index('visitors_addresses_idx').on(t.lastSeenAt).where(sql`${t.ip} is not null or ${t.userAgent} is not null`),
  ],
);

export const visitorSessions = pgTable(
  'visitor_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    /** Moved at most daily while the session is used; past VISITOR_SESSION_TTL_DAYS the session has ended. */
    lastUsedAt: ts('last_used_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    index('visitor_sessions_visitor_idx').on(t.visitorId),
    index('visitor_sessions_last_used_idx').on(t.lastUsedAt),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    clientId: text('client_id'),
    status: text('status', { enum: ['open', 'pending', 'snoozed', 'resolved'] })
      .notNull()
      .default('open'),
    snoozedUntil: ts('snoozed_until'),
    priority: text('priority', { enum: ['none', 'low', 'medium', 'high', 'urgent'] })
      .notNull()
      .default('none'),
    assigneeId: uuid('assignee_id').references(() => agents.id, { onDelete: 'set null' }),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    subject: text('subject'),
    lastMessageSeq: integer('last_message_seq').notNull().default(0),
    lastMessagePreview: text('last_message_preview'),
    lastPublicMessageSeq: integer('last_public_message_seq').notNull().default(0),
    lastPublicMessagePreview: text('last_public_message_preview'),
    agentLastReadSeq: integer('agent_last_read_seq').notNull().default(0),
    visitorLastReadSeq: integer('visitor_last_read_seq').notNull().default(0),
    lastActivityAt: ts('last_activity_at').notNull().defaultNow(),
    waitingSince: ts('waiting_since'),
    firstReplyAt: ts('first_reply_at'),
    /** Its first response within business hours, in ms (migration 0033; null: not measured yet, reports/business-filler.ts). */
    firstResponseBusinessMs: bigint('first_response_business_ms', { mode: 'number' }),
    /** The visitor's rating, 1 to 5 (three faces are 1, 3 and 5), and comment; rating again replaces them. */
    ratingScore: smallint('rating_score'),
    ratingComment: text('rating_comment'),
    ratedAt: ts('rated_at'),
    /** Its team (migration 0018); null: the organization's. */
    teamId: uuid('team_id').references((): AnyPgColumn => teams.id, { onDelete: 'set null' }),
    /** When it last joined the assignment queue (created, reopened, unassigned): the queue's order. */
    queuedAt: ts('queued_at').notNull().defaultNow(),
    /** The out-of-hours reply was sent; none again before this opening time (modules/auto-replies); migration 0019. */
    outOfHoursUntil: ts('out_of_hours_until'),
    /** The "are you still there?" nudge was sent (once per conversation). */
    nudgedAt: ts('nudged_at'),
    /** The page the visitor started it from (the visitor's page then; migration 0020): the contact page lists them. */
    pageUrl: text('page_url'),
    pageTitle: text('page_title'),
    /** The admin-defined conversation fields' values by key (TCustomFieldValues, migration 0024). */
    customFields: jsonb('custom_fields').$type<TCustomFieldValues>().notNull().default({}),
    /** The visitor asked for the transcript by email when it is resolved (migration 0021). */
    emailTranscript: boolean('email_transcript').notNull().default(false),
    /** `chat` (the widget) or `email` (an email to one of the organization's inboxes; migration 0021). */
    channel: text('channel', { enum: ['chat', 'email'] })
      .notNull()
      .default('chat'),
    emailInboxId: uuid('email_inbox_id').references((): AnyPgColumn => emailInboxes.id, { onDelete: 'set null' }),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('conversations_org_number_key').on(t.organizationId, t.number),
    uniqueIndex('conversations_visitor_client_key').on(t.visitorId, t.clientId),
    // Also INCLUDE (tags), added by migration 0004: the builder cannot say it.
    index('conversations_inbox_idx').on(t.organizationId, t.lastActivityAt.desc(), t.id.desc()),
    index('conversations_status_idx').on(t.organizationId, t.status, t.lastActivityAt.desc(), t.id.desc()),
    index('conversations_assignee_idx').on(t.organizationId, t.assigneeId, t.lastActivityAt.desc(), t.id.desc()),
    index('conversations_unassigned_idx')
      .on(t.organizationId, t.lastActivityAt.desc(), t.id.desc())
      .where(sql`${t.assigneeId} is null`),
    // The agent's own open conversations: what the unread counter reads, from the index alone.
    index('conversations_open_assignee_idx')
      .on(t.organizationId, t.assigneeId, t.id, t.lastPublicMessageSeq)
      .where(sql`${t.status} <> 'resolved'`),
    index('conversations_priority_idx').on(t.organizationId, t.priority, t.lastActivityAt.desc(), t.id.desc()),
    index('conversations_tags_idx').using('gin', t.tags),
    // Also INCLUDE (id, tags), migration 0031: the organization's tagged conversations, for the per-tag report.
    index('conversations_tagged_idx').on(t.organizationId, t.createdAt).where(sql`${t.tags} <> '{}'`),
    index('conversations_visitor_idx').on(t.visitorId, t.lastActivityAt.desc()),
    index('conversations_snoozed_idx').on(t.snoozedUntil).where(sql`${t.status} = 'snoozed'`),
    // Both INCLUDE columns for the reports (migration 0016): the builder cannot say it.
    index('conversations_rated_idx').on(t.organizationId, t.ratedAt).where(sql`${t.ratedAt} is not null`),
    index('conversations_created_idx').on(t.organizationId, t.createdAt),
    // The assignment queue (modules/assignment): open, unassigned, oldest first.
    index('conversations_queue_idx')
      .on(t.organizationId, t.queuedAt, t.id)
      .where(sql`${t.assigneeId} is null and ${t.status} = 'open'`),
    index('conversations_team_idx')
      .on(t.organizationId, t.teamId, t.lastActivityAt.desc(), t.id.desc())
      .where(sql`${t.teamId} is not null`),
    // The `field.<key>` filters (migration 0024): jsonb_path_ops, only rows holding values.
    index('conversations_custom_fields_idx')
      .using('gin', sql`${t.customFields} jsonb_path_ops`)
      .where(sql`${t.customFields} <> '{}'::jsonb`),
  ],
);

/** Admin-defined typed fields for conversations and contacts (migration 0024); values live on those rows. */
export const customFields = pgTable(
  'custom_fields',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    entity: text('entity', { enum: CUSTOM_FIELD_ENTITIES }).notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type', { enum: CUSTOM_FIELD_TYPES }).notNull(),
    options: jsonb('options').$type<string[]>().notNull().default([]),
    requiredOnResolve: boolean('required_on_resolve').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('custom_fields_org_entity_key').on(t.organizationId, t.entity, t.key)],
);

/** A named set of agents (migration 0018); its conversations go to its members when `autoAssignment` is on. */
export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    autoAssignment: boolean('auto_assignment').notNull().default(false),
    /** TBusinessHours in the organization's `timeZone`; null: the organization's (applicableHours); migration 0031. */
    businessHours: jsonb('business_hours'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('teams_org_name_key').on(t.organizationId, sql`lower(${t.name})`)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ name: 'team_members_pk', columns: [t.teamId, t.agentId] }),
    index('team_members_agent_idx').on(t.agentId),
  ],
);

/**
 * Every status move of a conversation, written by changeConversation (migration 0016): what the reports count
 * resolutions and reopenings from. A move to resolved carries `openMs`, how long the conversation had been open
 * since it was created or last reopened.
 */
export const conversationStatusChanges = pgTable(
  'conversation_status_changes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    changedAt: ts('changed_at').notNull().defaultNow(),
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    assigneeId: uuid('assignee_id').references(() => agents.id, { onDelete: 'set null' }),
    openMs: bigint('open_ms', { mode: 'number' }),
    /** `openMs` within business hours (migration 0033; null: not measured yet, reports/business-filler.ts). */
    openBusinessMs: bigint('open_business_ms', { mode: 'number' }),
  },
  (t) => [
    // INCLUDE (open_ms, assignee_id, from_status, conversation_id) in migrations 0016 and 0031.
    index('status_changes_report_idx').on(t.organizationId, t.toStatus, t.changedAt),
    index('status_changes_conversation_idx').on(t.conversationId, t.changedAt),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    clientId: text('client_id'),
    type: text('type', { enum: ['message', 'note', 'system'] }).notNull(),
    authorType: text('author_type', { enum: ['visitor', 'agent', 'system'] }).notNull(),
    authorId: uuid('author_id'),
    body: text('body').notNull(),
    system: jsonb('system'),
    /** The attachments as stored (StoredAttachment[], no URLs), in order; kept by the append statement and thumbnails. */
    attachments: jsonb('attachments').notNull().default([]),
    /** An inbound email's SPF/DKIM/DMARC results from a trusted relay (TEmailAuth, migration 0026); agents only. */
    emailAuth: jsonb('email_auth'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_key').on(t.conversationId, t.seq),
    uniqueIndex('messages_conversation_client_key').on(t.conversationId, t.clientId),
    // An agent's own messages in write order: their export (GET /api/v1/me/export).
    index('messages_agent_author_idx').on(t.authorId, t.createdAt, t.id).where(sql`${t.authorType} = 'agent'`),
  ],
);

export const readCursors = pgTable(
  'read_cursors',
  {
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    lastReadSeq: integer('last_read_seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.conversationId] })],
);

/**
 * The outbox and replay log. Written in the same transaction as the change it describes; dispatched to sockets
 * after commit; read back by a reconnecting socket. `payload` is what agents see; `visitorPayload` (if the
 * event concerns a visitor) is the visitor's view, numbered in the visitor's own stream.
 */
export const events = pgTable(
  'events',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    conversationId: uuid('conversation_id'),
    payload: jsonb('payload').notNull(),
    visitorId: uuid('visitor_id'),
    visitorSeq: bigint('visitor_seq', { mode: 'number' }),
    visitorPayload: jsonb('visitor_payload'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.seq] }),
    uniqueIndex('events_visitor_seq_key').on(t.visitorId, t.visitorSeq),
    index('events_created_idx').on(t.createdAt),
  ],
);

/**
 * How many conversations each (status, assignee) bucket of an organization holds, kept by triggers on
 * conversations (migration 0002), so that the inbox counters read a handful of rows instead of counting
 * a million. `assignee_id` is the nil UUID for unassigned conversations.
 */
export const conversationCounts = pgTable(
  'conversation_counts',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    assigneeId: uuid('assignee_id').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.status, t.assigneeId] })],
);

/**
 * A phone (or browser) that receives an agent's pushes. The Expo token is unique: one app install has one owner.
 * It belongs to the session that registered it, so ending the session (sign-out, revocation) removes it.
 */
export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id').references(() => agentSessions.id, { onDelete: 'cascade' }),
    token: text('token').notNull(),
    platform: text('platform', { enum: ['ios', 'android', 'web'] }).notNull(),
    appVersion: text('app_version').notNull(),
    name: text('name'),
    /** The phone's notification permission as the app last reported it; `denied` gets no push (§4, §7). */
    pushPermission: text('push_permission', { enum: ['granted', 'denied'] })
      .notNull()
      .default('granted'),
    failureCount: integer('failure_count').notNull().default(0),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('devices_token_key').on(t.token),
    index('devices_agent_idx').on(t.agentId),
    index('devices_org_idx').on(t.organizationId),
    index('devices_session_idx').on(t.sessionId),
    index('devices_last_seen_idx').on(t.lastSeenAt),
  ],
);

/**
 * One push to one device: the queue the sender works from and the record admins read. Title, body and data are
 * cleared once Expo has the push; what stays is who, when and the outcome.
 */
export const pushDeliveries = pgTable(
  'push_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    deviceId: uuid('device_id').references(() => devices.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['message', 'mention', 'low_rating', 'test'] }).notNull(),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    title: text('title'),
    body: text('body'),
    data: jsonb('data'),
    // Unused since migration 0009: the unread count travels in `data` (§5). Dropped once no running process writes it.
    badge: integer('badge'),
    status: text('status', { enum: ['queued', 'sending', 'sent', 'delivered', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** When a queued push may next be sent; for `sending`, when the claim lapses (a process died mid-send). */
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    ticketId: text('ticket_id'),
    error: text('error'),
    createdAt: createdAt(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    uniqueIndex('push_deliveries_message_device_key').on(t.messageId, t.deviceId),
    index('push_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('queued', 'sending')`),
    index('push_deliveries_receipts_idx').on(t.sentAt).where(sql`${t.status} = 'sent' and ${t.ticketId} is not null`),
    index('push_deliveries_org_idx').on(t.organizationId, t.createdAt.desc()),
    index('push_deliveries_device_idx').on(t.deviceId),
    index('push_deliveries_conversation_idx').on(t.conversationId),
  ],
);

/**
 * How far the push dispatcher has read an organization's event log. A row exists once the organization has a
 * device; it starts at the event sequence of that moment, so nothing from before is ever pushed.
 */
export const pushCursors = pgTable('push_cursors', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  seq: bigint('seq', { mode: 'number' }).notNull(),
});

/**
 * Failed sign-ins of one address on one email in the last hour (modules/auth/login-limits.ts). Keyed by the email's
 * SHA-256, whether or not an agent has it; rows live 24 hours (jobs/maintenance.job.ts).
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    emailHash: text('email_hash').notNull(),
    ip: inet('ip').notNull(),
    failures: integer('failures').notNull(),
    firstAt: ts('first_at').notNull(),
    lastAt: ts('last_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.emailHash, t.ip] }), index('login_failures_last_at_idx').on(t.lastAt)],
);

/**
 * Failed sign-ins on one email from addresses that never signed in to it: past the free ones, each next attempt
 * waits longer after the last (modules/auth/login-limits.ts). No address is kept here.
 */
export const loginDelays = pgTable(
  'login_delays',
  {
    emailHash: text('email_hash').primaryKey(),
    failures: integer('failures').notNull(),
    lastAt: ts('last_at').notNull(),
  },
  (t) => [index('login_delays_last_at_idx').on(t.lastAt)],
);

/**
 * One uploaded file (modules/attachments). `pending` until its bytes arrive (`uploading` while they do), then
 * `uploaded`, or `failed` (the URL is spent either way). Attached when `message_id` is set, by the append statement.
 * Migration 0007 (written by hand).
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    uploaderType: text('uploader_type', { enum: ['agent', 'visitor'] }).notNull(),
    uploaderId: uuid('uploader_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    status: text('status', { enum: ['pending', 'uploading', 'uploaded', 'failed'] })
      .notNull()
      .default('pending'),
    uploadExpiresAt: ts('upload_expires_at').notNull(),
    uploadedAt: ts('uploaded_at'),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    position: smallint('position'),
    attachedAt: ts('attached_at'),
    width: integer('width'),
    height: integer('height'),
    thumbnailKey: text('thumbnail_key'),
    thumbnailState: text('thumbnail_state', { enum: ['pending', 'working', 'done', 'failed'] }),
    thumbnailClaimedAt: ts('thumbnail_claimed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('attachments_org_idx').on(t.organizationId),
    index('attachments_conversation_idx').on(t.conversationId),
    index('attachments_message_idx').on(t.messageId),
    index('attachments_unattached_idx').on(t.createdAt).where(sql`${t.messageId} is null`),
    index('attachments_thumbnail_idx')
      .on(t.thumbnailClaimedAt)
      .where(sql`${t.thumbnailState} in ('pending', 'working')`),
  ],
);

/**
 * Who did what to whose data, and when (modules/audit): ids, actions and counts, never names, emails or content.
 * No foreign key to organizations: the record of an organization's deletion outlives it (migration 0008).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organizationId: uuid('organization_id').notNull(),
    at: ts('at').notNull().defaultNow(),
    actorType: text('actor_type', { enum: ['agent', 'visitor', 'system'] }).notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type', {
      enum: ['visitor', 'agent', 'organization', 'api_token', 'webhook', 'saved_view', 'custom_field', 'email_inbox'],
    }).notNull(),
    targetId: uuid('target_id'),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [index('audit_log_org_idx').on(t.organizationId, t.id.desc())],
);

/**
 * What a visitor was shown and accepted in the widget's pre-chat form (§2.2: the site's operator obtains the
 * consents; this is their record): when, and the privacy policy's URL and version on screen. Read through
 * modules/consent/list-consent-records.ts (the visitor's export includes it); goes with the visitor.
 */
export const consentRecords = pgTable(
  'consent_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['prechat'] }).notNull(),
    policyUrl: text('policy_url'),
    policyVersion: text('policy_version'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('consent_records_visitor_idx').on(t.visitorId, t.recordedAt)],
);

/**
 * An agent's TOTP secret (modules/two-factor), AES-256-GCM encrypted (two-factor-secrets.ts). Pending (set up, not
 * confirmed) while `enabled_at` is null. `last_used_step`: the last 30 s step a code was accepted for, so each code
 * works once. Migration 0011 (written by hand).
 */
export const agentTwoFactor = pgTable(
  'agent_two_factor',
  {
    agentId: uuid('agent_id')
      .primaryKey()
      .references(() => agents.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    secret: text('secret').notNull(),
    enabledAt: ts('enabled_at'),
    lastUsedStep: bigint('last_used_step', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [index('agent_two_factor_org_idx').on(t.organizationId)],
);

/** One-time recovery codes, SHA-256 of each (80 random bits): `used_at` once spent. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.codeHash] })],
);

/** A right password waiting for its code: single-use, 5 minutes, bound to the agent; the token kept hashed. */
export const twoFactorChallenges = pgTable(
  'two_factor_challenges',
  {
    tokenHash: text('token_hash').primaryKey(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('two_factor_challenges_agent_idx').on(t.agentId, t.expiresAt)],
);

/** API tokens (modules/api-tokens): only the SHA-256 of the secret is kept, with its first characters to show. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** The creator: a personal token acts as them; any token stops when they are removed. */
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['organization', 'personal'] }).notNull(),
    name: text('name').notNull(),
    scopes: text('scopes').array().notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
    lastUsedAt: ts('last_used_at'),
    lastUsedIp: inet('last_used_ip'),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_key').on(t.tokenHash),
    index('api_tokens_org_idx').on(t.organizationId, t.createdAt),
    index('api_tokens_agent_idx').on(t.agentId),
  ],
);

/** Webhook subscriptions (modules/webhooks); `event_cursor` is how far this one has read the event log. */
export const webhooks = pgTable(
  'webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    disabledReason: text('disabled_reason'),
    eventCursor: bigint('event_cursor', { mode: 'number' }).notNull(),
    failingSince: ts('failing_since'),
    createdBy: uuid('created_by').references(() => agents.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('webhooks_org_idx').on(t.organizationId)],
);

/** The durable delivery queue: one row per event and subscription, claimed with SKIP LOCKED. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventSeq: bigint('event_seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed', 'cancelled'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    retryUntil: ts('retry_until').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_key').on(t.webhookId, t.eventSeq, t.type),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_list_idx').on(t.webhookId, t.createdAt.desc()),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    at: ts('at').notNull().defaultNow(),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    responseExcerpt: text('response_excerpt'),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.at.desc())],
);

/**
 * Canned responses (modules/canned-responses): `agent_id` null is the organization's shared response, else that
 * agent's personal one. Shortcodes are lowercase; unique among the shared ones and among each agent's own.
 */
export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'cascade' }),
    shortcode: text('shortcode').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('canned_responses_shared_key').on(t.organizationId, t.shortcode).where(sql`${t.agentId} is null`),
    uniqueIndex('canned_responses_personal_key')
      .on(t.organizationId, t.agentId, t.shortcode)
      .where(sql`${t.agentId} is not null`),
  ],
);

/**
 * Saved views (migration 0022, modules/saved-views): the inbox list's query under a name. No agent: the
 * organization's shared view; an agent: their personal one.
 */
export const savedViews = pgTable(
  'saved_views',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    filters: jsonb('filters').$type<TSavedViewFilters>().notNull(),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('saved_views_owner_idx').on(t.organizationId, t.agentId)],
);

/** Agents' notes about a contact (migration 0020, modules/contacts): never shown to the visitor. */
export const visitorNotes = pgTable(
  'visitor_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => agents.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('visitor_notes_visitor_idx').on(t.visitorId, t.createdAt.desc())],
);

export const schema = {
  organizations,
  agents,
  agentSessions,
  refreshTokens,
  invitations,
  visitors,
  visitorSessions,
  conversations,
  messages,
  readCursors,
  events,
  devices,
  pushDeliveries,
  pushCursors,
  loginFailures,
  loginDelays,
  attachments,
  auditLog,
  consentRecords,
  agentTwoFactor,
  recoveryCodes,
  twoFactorChallenges,
  apiTokens,
  webhooks,
  webhookDeliveries,
  webhookAttempts,
  cannedResponses,
  savedViews,
  visitorNotes,
};
export type Schema = typeof schema;

/** The outbound email queue and its delivery log (migration 0015, modules/email). */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['followup', 'agent_notice', 'transcript', 'rating'] }).notNull(),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
    visitorId: uuid('visitor_id').references(() => visitors.id, { onDelete: 'cascade' }),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    /** Fixed when queued: every attempt sends the same one. */
    messageId: text('message_id').notNull(),
    /** Further headers (In-Reply-To, References, Reply-To, List-Unsubscribe...), name → value. */
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    status: text('status', { enum: ['pending', 'sent', 'bounced', 'failed', 'cancelled'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('email_outbox_message_id_key').on(t.messageId),
    index('email_outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('email_outbox_org_idx').on(t.organizationId, t.id.desc()),
    index('email_outbox_conversation_idx').on(t.conversationId),
    index('email_outbox_visitor_idx').on(t.visitorId),
  ],
);

/** A conversation as an email thread (migration 0015, modules/email/followup.ts). */
export const emailThreads = pgTable(
  'email_threads',
  {
    conversationId: uuid('conversation_id')
      .primaryKey()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Names the conversation in Reply-To (reply+<token>@REPLY_DOMAIN); set with the first email. */
    replyToken: text('reply_token'),
    /** The first agent reply not yet emailed (set by the messages trigger, cleared by the follow-up pass). */
    pendingSince: ts('pending_since'),
    lastEmailedSeq: integer('last_emailed_seq').notNull().default(0),
    /** The Message-IDs of the thread's emails, oldest first: In-Reply-To and References of the next. */
    messageIds: text('message_ids').array().notNull().default(sql`'{}'::text[]`),
    unsubscribedAt: ts('unsubscribed_at'),
    /** A transcript to send (a resolve that asked for one, or an agent; migration 0021), cleared once queued. */
    transcriptDueAt: ts('transcript_due_at'),
    /** A resolve whose rating email is to be decided (migration 0027, satisfaction/rating-email.ts), cleared then. */
    ratingDueAt: ts('rating_due_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('email_threads_reply_token_key').on(t.replyToken),
    index('email_threads_pending_idx').on(t.pendingSince).where(sql`${t.pendingSince} is not null`),
    index('email_threads_transcript_idx').on(t.transcriptDueAt).where(sql`${t.transcriptDueAt} is not null`),
    index('email_threads_rating_idx').on(t.ratingDueAt).where(sql`${t.ratingDueAt} is not null`),
    index('email_threads_message_ids_idx').using('gin', t.messageIds),
  ],
);

/**
 * An organization's email inbox (migration 0021): new emails to `address` (on the SMTP receiver) or to its
 * forwarding address `inbox+<forwardToken>@REPLY_DOMAIN` start conversations. Addresses are unique deployment-wide.
 */
export const emailInboxes = pgTable(
  'email_inboxes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    address: text('address').notNull(),
    forwardToken: text('forward_token').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('email_inboxes_address_key').on(t.address),
    uniqueIndex('email_inboxes_forward_token_key').on(t.forwardToken),
    index('email_inboxes_org_idx').on(t.organizationId),
  ],
);

/**
 * What an agent should hear about (migration 0023, modules/agent-notices): a colleague's note mentioning them, or a
 * conversation given to them. `emailStatus` pending: the agents' email pass has not decided yet.
 */
export const agentNotices = pgTable(
  'agent_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['mention', 'assigned', 'low_rating'] }).notNull(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => agents.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    readAt: ts('read_at'),
    emailStatus: text('email_status', { enum: ['pending', 'sent', 'skipped'] }),
    /** When the email pass may decide: at once (`immediate`) or a day after (`digest`, with whatever joins it). */
    emailDueAt: ts('email_due_at'),
  },
  (t) => [
    uniqueIndex('agent_notices_mention_key').on(t.messageId, t.agentId).where(sql`${t.kind} = 'mention'`),
    // A low rating's notice (migration 0030) hangs on the rating's line: one per rating and agent.
    uniqueIndex('agent_notices_low_rating_key').on(t.messageId, t.agentId).where(sql`${t.kind} = 'low_rating'`),
    index('agent_notices_mentions_idx')
      .on(t.organizationId, t.agentId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.kind} = 'mention'`),
    index('agent_notices_email_idx').on(t.emailDueAt).where(sql`${t.emailStatus} = 'pending'`),
    index('agent_notices_pending_idx').on(t.agentId).where(sql`${t.emailStatus} = 'pending'`),
    index('agent_notices_conversation_idx').on(t.conversationId),
    index('agent_notices_author_idx').on(t.authorId),
  ],
);
