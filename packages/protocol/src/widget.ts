import { z } from 'zod';
import { ZBusinessHours } from './auto-replies.js';
import { LIMITS, ZClientId, ZConversationStatus, ZEmail, ZId, ZNonEmptyText, ZTimestamp } from './common.js';
import { CONTACT_LIMITS, ZBrowserTimeZone } from './contacts.js';
import { ZCustomAttributesUpdate, ZUserHash, ZUserId } from './identity.js';
import { LANGUAGES } from './languages.js';
import { ZVisitorSendMessageRequest } from './messages.js';
import { ZWidgetSettings } from './organizations.js';
import { ZConsent } from './privacy.js';
import { ZConversationRating } from './reports.js';

/** The widget's languages, and so the follow-up emails': all of Oceras's (languages.ts). */
export const WIDGET_LOCALES = LANGUAGES;
export const ZWidgetLocale = z.enum(WIDGET_LOCALES);
export type TWidgetLocale = z.infer<typeof ZWidgetLocale>;

export const ZWidgetKey = z.string().regex(/^wk_[A-Za-z0-9_-]{16,64}$/, 'a widget key such as wk_…');

export const ZCreateWidgetSessionRequest = z.strictObject({
  widgetKey: ZWidgetKey,
  /** Resume: the token this browser was given before. An unknown or revoked one starts a new visitor. */
  sessionToken: z.string().min(20).max(200).optional(),
  name: ZNonEmptyText(LIMITS.nameMax).optional(),
  email: ZEmail.optional(),
  /** The pre-chat form was accepted: recorded with the time (consent_records). */
  consent: ZConsent.optional(),
  /**
   * Verified identity: the customer's user id and `userHash`, its lowercase hex HMAC-SHA256 with the organization's
   * identity secret. Both or neither; a pair that does not verify is refused (403 IDENTITY_INVALID), nothing created.
   * A valid pair attaches this browser to that user's one visitor (and merges the resumed anonymous visitor into it).
   */
  userId: ZUserId.optional(),
  userHash: ZUserHash.optional(),
  /** The widget's language for this visitor: their follow-up emails are written in it. */
  locale: ZWidgetLocale.optional(),
  /**
   * The page the widget is on: the follow-up emails' link back to the chat, kept only when its host is on the
   * organization's allowedDomains (else the emails link to the chat page Oceras serves itself).
   */
  pageUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  /** The page's title, kept with pageUrl (a conversation started on this visit keeps both: the contact's pages). */
  pageTitle: ZNonEmptyText(CONTACT_LIMITS.pageTitleMax).optional(),
  /** The browser's IANA time zone (Intl.DateTimeFormat().resolvedOptions().timeZone): the contact's location. */
  timeZone: ZBrowserTimeZone.optional(),
});
export type TCreateWidgetSessionRequest = z.input<typeof ZCreateWidgetSessionRequest>;

export const ZVisitor = z.object({
  id: ZId,
  name: z.string().nullable(),
  email: z.string().nullable(),
  /** The verified user id of this visitor (a session made with a valid userHash); null for an anonymous visitor. */
  userId: z.string().nullable(),
});
export type TVisitor = z.infer<typeof ZVisitor>;

export const ZWidgetSessionResponse = z.object({
  visitorId: ZId,
  sessionToken: z.string(),
  isResumed: z.boolean(),
  visitor: ZVisitor,
  organization: z.object({
    name: z.string(),
    widgetSettings: ZWidgetSettings,
    /** Replies the visitor misses are emailed to them (the organization's follow-up is on and the server has SMTP). */
    hasEmailFollowUp: z.boolean(),
    /** The frame's "we reply in a few minutes" / "back on Monday at 9:00" line: hours (null: always open) and zone. */
    businessHours: ZBusinessHours.nullable(),
    timeZone: z.string(),
  }),
  isAgentOnline: z.boolean(),
});
export type TWidgetSessionResponse = z.infer<typeof ZWidgetSessionResponse>;

export const ZIdentifyVisitorRequest = z
  .strictObject({
    name: ZNonEmptyText(LIMITS.nameMax).optional(),
    email: ZEmail.optional(),
    /** The pre-chat form was accepted: recorded with the time (consent_records). */
    consent: ZConsent.optional(),
    /** Oceras.update(): custom attributes merged into the visitor's (a null value removes one). */
    attributes: ZCustomAttributesUpdate.optional(),
  })
  .refine(
    (b) => b.name !== undefined || b.email !== undefined || b.consent !== undefined || b.attributes !== undefined,
    {
      message: 'name, email, consent or attributes',
    },
  );
export type TIdentifyVisitorRequest = z.input<typeof ZIdentifyVisitorRequest>;

export const ZVisitorConversation = z.object({
  id: ZId,
  status: ZConversationStatus,
  assignee: z.object({ name: z.string(), avatarUrl: z.string().nullable() }).nullable(),
  lastMessagePreview: z.string().nullable(),
  lastActivityAt: ZTimestamp,
  createdAt: ZTimestamp,
  /** Highest message seq an agent has read: drives "seen" marks. */
  agentLastReadSeq: z.number().int(),
  /** The visitor's own rating, once given (the widget asks for one when the conversation is resolved). */
  rating: ZConversationRating.nullable(),
  /** The visitor asked for the transcript by email when it is resolved ("Email me a transcript"). */
  emailTranscript: z.boolean(),
});
export type TVisitorConversation = z.infer<typeof ZVisitorConversation>;
export const ZVisitorConversationList = z.object({ conversations: z.array(ZVisitorConversation) });

export const ZStartConversationRequest = z.strictObject({
  /** Retrying with the same clientId returns the conversation already started. */
  clientId: ZClientId,
  message: ZVisitorSendMessageRequest.optional(),
});
export type TStartConversationRequest = z.infer<typeof ZStartConversationRequest>;

export const ZWidgetConfigQuery = z
  .strictObject({
    widgetKey: ZWidgetKey.optional(),
    /** The name before `widgetKey` (one name per concept): still read, for loaders cached on sites. */
    key: ZWidgetKey.optional().meta({ deprecated: true, description: 'Use widgetKey.' }),
  })
  .refine((q) => (q.widgetKey ?? q.key) !== undefined, { message: 'widgetKey is required', path: ['widgetKey'] });
export type TWidgetConfigQuery = z.input<typeof ZWidgetConfigQuery>;

/** What the loader needs before it draws the launcher: public settings only (no allowedDomains). */
export const ZWidgetConfig = z.object({
  organization: z.object({ name: z.string(), widgetSettings: ZWidgetSettings.omit({ allowedDomains: true }) }),
  isAgentOnline: z.boolean(),
});
export type TWidgetConfig = z.infer<typeof ZWidgetConfig>;
