import { z } from 'zod';
import { ZAgent } from './agents.js';
import { ZAttachment } from './attachments.js';
import { ZSession } from './auth.js';
import { ZAvailabilitySchedule } from './availability-schedule.js';
import { ZCannedResponse } from './canned-responses.js';
import {
  changingSomething,
  hasSomeKey,
  LIMITS,
  ZConversationStatus,
  ZCursor,
  ZEmail,
  ZId,
  ZNonEmptyText,
  ZText,
  ZTimestamp,
} from './common.js';
import { ZCompany, ZPhone, ZVisitorNote } from './contacts.js';
import { ZCustomFieldValues } from './custom-fields.js';
import { ZDevice, ZNotificationSettings } from './devices.js';
import { ZCustomAttributes, ZCustomAttributesUpdate } from './identity.js';
import { ZMessage } from './messages.js';
import { ZConversationRating } from './reports.js';
import { ZSavedView } from './saved-views.js';

/**
 * The rights of the privacy policy (§7): access and portability (exports), rectification, erasure, restriction,
 * and the audit log that records each of them. Exports are streamed JSON documents: their schemas below say what
 * the document holds, in the order it is written (the long lists last).
 */

/**
 * What the widget's pre-chat form showed when the visitor accepted it: the organization's privacy policy link and
 * version (null when the organization has none: the form then shows a generic sentence). The server adds the time.
 */
export const ZConsent = z.strictObject({
  policyUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable(),
  policyVersion: ZText(100).nullable(),
});
export type TConsent = z.input<typeof ZConsent>;

/** A recorded consent, as a visitor's export carries it (table consent_records). */
export const ZConsentRecord = z.object({
  kind: z.enum(['prechat']),
  policyUrl: z.string().nullable(),
  policyVersion: z.string().nullable(),
  recordedAt: ZTimestamp,
});
export type TConsentRecord = z.infer<typeof ZConsentRecord>;

/** The shape a visitor's IP address and browser were kept in: their last widget session's. */
export const ZNetworkRecord = z.object({
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  seenAt: ZTimestamp,
});

/** A file exchanged in a conversation (attachments, issue 14): its name, type and size, never its content. */
export const ZAttachmentRecord = z.object({
  id: ZId,
  /** Null for an upload never attached to a message. */
  conversationId: ZId.nullable(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  createdAt: ZTimestamp,
});
export type TAttachmentRecord = z.infer<typeof ZAttachmentRecord>;

/** A message in an export: as the visitor sees it, its files described without URLs (they expire; `attachments`). */
export const ZExportedMessage = ZMessage.extend({
  attachments: z.array(ZAttachment.omit({ url: true, thumbnailUrl: true })).optional(),
});

/** One conversation as the visitor sees it, with every public message (never notes or system lines). */
export const ZExportedConversation = z.object({
  id: ZId,
  status: ZConversationStatus,
  createdAt: ZTimestamp,
  lastActivityAt: ZTimestamp,
  /** The visitor's rating of it, with their comment. */
  rating: ZConversationRating.nullable(),
  /** The page it was started from, and its title. */
  pageUrl: z.string().nullable(),
  pageTitle: z.string().nullable(),
  /** Its custom field values by key (admin-defined fields agents fill in). */
  customFields: ZCustomFieldValues,
  messages: z.array(ZExportedMessage),
});
export type TExportedConversation = z.infer<typeof ZExportedConversation>;

/**
 * Everything Oceras holds about one visitor, as one JSON document: the same for the organization's admin
 * (`GET /api/v1/visitors/:id/export`) and for the visitor (`GET /api/v1/widget/export`).
 */
export const ZVisitorExport = z.object({
  format: z.literal('oceras.visitor-export'),
  version: z.literal(1),
  exportedAt: ZTimestamp,
  /** Who holds the data (the controller, privacy policy §2.2). */
  organization: z.object({ name: z.string() }),
  visitor: z.object({
    id: ZId,
    name: z.string().nullable(),
    email: z.string().nullable(),
    firstSeenAt: ZTimestamp,
    lastSeenAt: ZTimestamp,
    isRestricted: z.boolean(),
    /** The verified user id the site gave (issue 19), and its custom attributes. */
    userId: z.string().nullable(),
    customAttributes: ZCustomAttributes,
    /** The widget's language for them (their emails' language), and the page the widget was on. */
    locale: z.string().nullable(),
    pageUrl: z.string().nullable(),
    /** Contacts (issue 18): what agents recorded, and the browser's time zone and page title. */
    phone: z.string().nullable(),
    company: z.string().nullable(),
    timeZone: z.string().nullable(),
    pageTitle: z.string().nullable(),
    /** The admin-defined contact fields' values by key (custom fields, issue 18). */
    customFields: ZCustomFieldValues,
  }),
  /**
   * Agents' notes about them (contacts): in the admin's export (`GET /api/v1/visitors/:id/export`), which answers an
   * access request; left out of the widget's own export, as the conversations' internal notes are.
   */
  notes: z.array(ZVisitorNote).optional(),
  network: z.array(ZNetworkRecord),
  sessions: z.array(z.object({ createdAt: ZTimestamp, revokedAt: ZTimestamp.nullable() })),
  consents: z.array(ZConsentRecord),
  attachments: z.array(ZAttachmentRecord),
  conversations: z.array(ZExportedConversation),
  /** The emails sent or queued to them (the delivery log: subject and outcome; the words are the replies above). */
  emails: z.array(
    z.object({
      conversationId: ZId.nullable(),
      recipient: z.string(),
      subject: z.string(),
      status: z.string(),
      createdAt: ZTimestamp,
      sentAt: ZTimestamp.nullable(),
    }),
  ),
});
export type TVisitorExport = z.infer<typeof ZVisitorExport>;

/** A message the agent wrote (replies and notes), wherever it is. */
export const ZAuthoredMessage = z.object({
  id: ZId,
  conversationId: ZId,
  seq: z.number().int(),
  type: z.enum(['message', 'note']),
  body: z.string(),
  createdAt: ZTimestamp,
});
export type TAuthoredMessage = z.infer<typeof ZAuthoredMessage>;

/** Everything Oceras holds about the signed-in agent (`GET /api/v1/me/export`), as one JSON document. */
export const ZAgentExport = z.object({
  format: z.literal('oceras.agent-export'),
  version: z.literal(1),
  exportedAt: ZTimestamp,
  organization: z.object({ id: ZId, name: z.string(), slug: z.string() }),
  agent: ZAgent.omit({ isConnected: true }),
  notificationSettings: ZNotificationSettings,
  /** Their availability schedule (issue 18); null: none set. */
  availabilitySchedule: ZAvailabilitySchedule.nullable(),
  /** Every session, ended ones too, with the address and browser each was used from. */
  sessions: z.array(
    ZSession.omit({ isCurrent: true }).extend({
      expiresAt: ZTimestamp,
      revokedAt: ZTimestamp.nullable(),
      revokedReason: z.string().nullable(),
    }),
  ),
  devices: z.array(ZDevice),
  /** Their personal canned responses (the shared ones are the organization's). */
  cannedResponses: z.array(ZCannedResponse),
  /** Their personal saved views (the shared ones are the organization's). */
  savedViews: z.array(ZSavedView),
  /** The teams they are a member of. */
  teams: z.array(z.object({ id: ZId, name: z.string() })),
  /** The notes they wrote about contacts (contacts, issue 18), oldest first. */
  contactNotes: z.array(z.object({ id: ZId, visitorId: ZId, body: z.string(), createdAt: ZTimestamp })),
  /** What they were told about: colleagues' mentions of them and conversations given to them, oldest first. */
  notices: z.array(
    z.object({
      id: ZId,
      kind: z.enum(['mention', 'assigned', 'low_rating']),
      conversationId: ZId,
      messageId: ZId.nullable(),
      createdAt: ZTimestamp,
      readAt: ZTimestamp.nullable(),
      emailStatus: z.enum(['pending', 'sent', 'skipped']).nullable(),
    }),
  ),
  messages: z.array(ZAuthoredMessage),
});
export type TAgentExport = z.infer<typeof ZAgentExport>;

/**
 * Rectification and the contact's fields: an agent corrects a visitor's name, email, phone or company (null clears
 * it), and sets custom attributes (merged as Oceras.update() does: a null value removes a key).
 */
export const ZUpdateVisitorRequest = z
  .strictObject({
    name: ZNonEmptyText(LIMITS.nameMax).nullable().optional(),
    email: ZEmail.nullable().optional(),
    phone: ZPhone.nullable().optional(),
    company: ZCompany.nullable().optional(),
    customAttributes: ZCustomAttributesUpdate.optional(),
  })
  .refine(hasSomeKey, changingSomething);
export type TUpdateVisitorRequest = z.input<typeof ZUpdateVisitorRequest>;

/** Objection and restriction (§7): a restricted person's data stays, but is sent no pushes or emails, nor reported. */
export const ZSetRestrictionRequest = z.strictObject({ isRestricted: z.boolean() });
export type TSetRestrictionRequest = z.infer<typeof ZSetRestrictionRequest>;
export const ZRestriction = z.object({ isRestricted: z.boolean(), restrictedAt: ZTimestamp.nullable() });
export type TRestriction = z.infer<typeof ZRestriction>;

/** `erase=true`: the agent's personal data goes at once; otherwise 30 days after the removal (policy §6). */
export const ZRemoveAgentQuery = z.strictObject({
  erase: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export type TRemoveAgentQuery = z.input<typeof ZRemoveAgentQuery>;

/** Deleting the organization is confirmed by typing its slug. */
export const ZDeleteOrganizationQuery = z.strictObject({ confirm: z.string().min(1).max(48) });
export type TDeleteOrganizationQuery = z.input<typeof ZDeleteOrganizationQuery>;

export const ZAuditAction = z.enum([
  'visitor.exported',
  'visitor.rectified',
  'visitor.restricted',
  'visitor.unrestricted',
  'visitor.erased',
  'agent.exported',
  'agent.role_changed',
  'agent.restricted',
  'agent.unrestricted',
  'agent.removed',
  'agent.erased',
  'audit_log.exported',
  'organization.deleted',
  'organization.two_factor_required',
  'agent.two_factor_enabled',
  'agent.two_factor_disabled',
  'agent.recovery_code_used',
  'agent.recovery_codes_regenerated',
  'organization.identity_secret_rotated',
  'organization.verified_identity_required',
  /**
   * Two visitors became one: an anonymous one identified as a user with a verified visitor already (modules/identity,
   * the visitor acts), or an agent merged two contacts (modules/contacts, `details.manual`).
   */
  'visitor.merged',
  /** API tokens and webhooks: who may reach the organization's data from outside, and where it goes (issue 19). */
  'api_token.created',
  'api_token.revoked',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'email_inbox.created',
  'email_inbox.deleted',
  /** Contacts imported from or exported to CSV (counts only). */
  'visitors.imported',
  'visitors.exported',
  /** The organization's shared saved views (issue 17): what every agent's sidebar shows. */
  'saved_view.created',
  'saved_view.updated',
  'saved_view.deleted',
  /** Custom field definitions (key, entity, type and which settings changed; never values). */
  'custom_field.created',
  'custom_field.updated',
  'custom_field.deleted',
]);
export type TAuditAction = z.infer<typeof ZAuditAction>;

/**
 * One entry of the audit log: who (an agent, the visitor themselves, or the system), when, what, and to whom.
 * Never a name, an email or any content: `details` holds which fields changed, roles, counts.
 */
export const ZAuditEntry = z.object({
  id: z.string(),
  at: ZTimestamp,
  actor: z.object({
    type: z.enum(['agent', 'visitor', 'system']),
    id: ZId.nullable(),
    /** An agent's name as it is now ("Deleted agent" once erased); null for visitors and the system. */
    name: z.string().nullable(),
  }),
  action: ZAuditAction,
  target: z.object({
    type: z.enum([
      'visitor',
      'agent',
      'organization',
      'api_token',
      'webhook',
      'saved_view',
      'custom_field',
      'email_inbox',
    ]),
    id: ZId.nullable(),
  }),
  details: z.record(z.string(), z.unknown()),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditLogQuery = z.strictObject({
  /** Newest first; pass `nextCursor` for the next (older) page. */
  cursor: ZCursor.optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(50),
  /** Only what was done to this visitor or agent. */
  targetId: ZId.optional(),
});
export type TAuditLogQuery = z.input<typeof ZAuditLogQuery>;
export const ZAuditLogPage = z.object({ entries: z.array(ZAuditEntry), nextCursor: z.string().nullable() });
export type TAuditLogPage = z.infer<typeof ZAuditLogPage>;

/** The whole audit log of the organization (`GET /api/v1/audit-log/export`), oldest first, as one JSON document. */
export const ZAuditLogExport = z.object({
  format: z.literal('oceras.audit-log-export'),
  version: z.literal(1),
  exportedAt: ZTimestamp,
  organizationId: ZId,
  entries: z.array(ZAuditEntry),
});
export type TAuditLogExport = z.infer<typeof ZAuditLogExport>;

/** What any client may know of this server before signing in: the operator's terms and privacy policy. */
export const ZPublicConfig = z.object({
  termsUrl: z.string().nullable(),
  privacyUrl: z.string().nullable(),
});
export type TPublicConfig = z.infer<typeof ZPublicConfig>;
