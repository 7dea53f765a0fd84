import { z } from 'zod';
import { ZAttachmentSettings } from './attachments.js';
import { ZAutoReplies, ZBusinessHours } from './auto-replies.js';
import {
  changingSomething,
  hasSomeKey,
  LIMITS,
  ZId,
  ZNonEmptyText,
  ZPreChatMode,
  ZText,
  ZTimestamp,
} from './common.js';
import { ZSatisfactionSurvey, ZTimeZone } from './reports.js';
import { ZReassignOfflineAfterMinutes } from './teams.js';

const ZHexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f6feb');
const ZDomain = z
  .string()
  .max(253)
  .regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/, 'a host name such as example.com or *.example.com');

/** Conversation retention: at least the replay log's 7 days, so no event outlives the conversation it is about. */
export const CONVERSATION_RETENTION_MIN_DAYS = 7;
export const ZConversationRetentionDays = z.number().int().min(CONVERSATION_RETENTION_MIN_DAYS).max(3650).nullable();

/** How long an agent's reply stays unread before it is emailed: 1 s to a day; null is the server's default. */
export const ZEmailFollowUpDelay = z.number().int().min(1).max(86_400).nullable();

export const ZWidgetSettings = z.strictObject({
  color: ZHexColor,
  position: z.enum(['left', 'right']),
  greeting: ZText(500),
  teamName: ZText(LIMITS.nameMax),
  preChatForm: ZPreChatMode,
  privacyPolicyUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable(),
  /** The policy's version (a date, a number), recorded with each pre-chat consent beside the URL. */
  privacyPolicyVersion: ZText(100).nullable().optional(),
  /** Empty means any site may embed the widget. */
  allowedDomains: z.array(ZDomain).max(50),
  /** On resolve, the widget asks the visitor to rate the conversation: five stars, three faces, or not at all. */
  satisfactionSurvey: ZSatisfactionSurvey,
});
export type TWidgetSettings = z.infer<typeof ZWidgetSettings>;

export const DEFAULT_WIDGET_SETTINGS: TWidgetSettings = {
  color: '#1f6feb',
  position: 'right',
  greeting: 'Hi! How can we help?',
  teamName: '',
  preChatForm: 'off',
  privacyPolicyUrl: null,
  allowedDomains: [],
  satisfactionSurvey: 'stars',
};

/**
 * What a visitor's low rating does (issue 18): at or below `threshold` (on the organization's scale,
 * lowRatingThresholds), `reopen` a resolved conversation, and `notify` its assignee (unassigned: the admins and
 * managers) by notice, push and email. Both off by default.
 */
export const ZLowRatingActions = z.strictObject({
  threshold: z.number().int().min(1).max(4),
  reopen: z.boolean(),
  notify: z.boolean(),
});
export type TLowRatingActions = z.infer<typeof ZLowRatingActions>;
export const DEFAULT_LOW_RATING_ACTIONS: TLowRatingActions = { threshold: 2, reopen: false, notify: false };

/** Away after inactivity: 1 minute to a day; null is never. */
export const ZAwayAfterInactiveMinutes = z.number().int().min(1).max(1440).nullable();

export const ZOrganization = z.object({
  id: ZId,
  name: z.string(),
  slug: z.string(),
  widgetKey: z.string(),
  widgetSettings: ZWidgetSettings,
  /** An agent's reply to an unassigned conversation assigns it to them (as in Chatwoot and Intercom). */
  autoAssignOnReply: z.boolean(),
  /** What files may be attached, how large, and how much the organization may store in all. */
  attachmentSettings: ZAttachmentSettings,
  /** Resolved conversations with no activity for this many days are deleted; null (the default) keeps them. */
  conversationRetentionDays: ZConversationRetentionDays,
  /** Every agent must sign in with a second factor; those without one may only set it up (TWO_FACTOR_REQUIRED). */
  requireTwoFactor: z.boolean(),
  /** An identity secret exists (its value is only ever answered by the call that creates or rotates it). */
  hasIdentitySecret: z.boolean(),
  /** Anonymous widget sessions are refused (IDENTITY_REQUIRED): only visitors signed by the customer's backend chat. */
  requireVerifiedIdentity: z.boolean(),
  /** The IANA time zone reports count days and hours in (UTC unless set). */
  timeZone: z.string(),
  /**
   * Visitors who gave an email get the replies they have not read after `emailFollowUpDelaySeconds`, by email
   * (on by default; nothing is sent while the server has no SMTP_URL).
   */
  emailFollowUp: z.boolean(),
  /** Null: the server's EMAIL_FOLLOWUP_DELAY_SECONDS (120 unless set). */
  emailFollowUpDelaySeconds: ZEmailFollowUpDelay,
  /**
   * Open conversations without a team go automatically to the online agent with the fewest unresolved ones under
   * their capacity (off by default; a team has its own switch for its conversations).
   */
  autoAssignment: z.boolean(),
  /** An assignee offline this many minutes gives their unresolved conversations back to the queue; null: never. */
  reassignOfflineAfterMinutes: ZReassignOfflineAfterMinutes,
  /**
   * Online agents whose app shows no activity (no command, no activity ping) for this many minutes are set away,
   * and come back online at their next activity; null (the default): never.
   */
  awayAfterInactiveMinutes: ZAwayAfterInactiveMinutes,
  /** When the team answers, in `timeZone`; null is always open (the automatic replies and the widget's line read it). */
  businessHours: ZBusinessHours.nullable(),
  /** The greeting, the out-of-hours reply and the "are you still there?" nudge (defaults filled in, all off). */
  autoReplies: ZAutoReplies,
  /** What a low rating does (off by default). */
  lowRatingActions: ZLowRatingActions,
  createdAt: ZTimestamp,
});
export type TOrganization = z.infer<typeof ZOrganization>;

export const ZUpdateOrganizationRequest = z
  .strictObject({
    name: ZNonEmptyText(LIMITS.nameMax).optional(),
    slug: z
      .string()
      .min(2)
      .max(48)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
      .optional(),
    widgetSettings: ZWidgetSettings.partial().optional(),
    autoAssignOnReply: z.boolean().optional(),
    attachmentSettings: ZAttachmentSettings.partial().optional(),
    conversationRetentionDays: ZConversationRetentionDays.optional(),
    /** Admins only, and only once they use two-factor sign-in themselves (else TWO_FACTOR_REQUIRED). */
    requireTwoFactor: z.boolean().optional(),
    /** Refuse anonymous widget sessions; turning it on needs an identity secret (else CONFLICT). */
    requireVerifiedIdentity: z.boolean().optional(),
    timeZone: ZTimeZone.optional(),
    emailFollowUp: z.boolean().optional(),
    emailFollowUpDelaySeconds: ZEmailFollowUpDelay.optional(),
    autoAssignment: z.boolean().optional(),
    reassignOfflineAfterMinutes: ZReassignOfflineAfterMinutes.optional(),
    awayAfterInactiveMinutes: ZAwayAfterInactiveMinutes.optional(),
    businessHours: ZBusinessHours.nullable().optional(),
    /** Each reply given replaces that reply whole; the others stay. */
    autoReplies: ZAutoReplies.partial().optional(),
    /** The keys given replace those stored; a threshold must be one of the scale's (VALIDATION_FAILED). */
    lowRatingActions: ZLowRatingActions.partial().optional(),
  })
  .refine(hasSomeKey, changingSomething);
export type TUpdateOrganizationRequest = z.infer<typeof ZUpdateOrganizationRequest>;
