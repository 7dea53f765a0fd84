import { z } from 'zod';
import {
  changingSomething,
  hasSomeKey,
  LIMITS,
  ZConversationStatus,
  ZCursor,
  ZId,
  ZNonEmptyText,
  ZPriority,
  ZText,
  ZTimestamp,
} from './common.js';
import { type TFieldFilters, withFieldFilters, ZCustomFieldValues } from './custom-fields.js';
import { ZCustomAttributes } from './identity.js';
import { ZConversationRating } from './reports.js';
import { TAG_PATTERN, TAG_RULE } from './tag-rules.js';

export const ZTag = z.string().trim().toLowerCase().min(1).max(LIMITS.tagMax).regex(TAG_PATTERN, TAG_RULE);

export const ZVisitorSummary = z.object({
  id: ZId,
  name: z.string().nullable(),
  email: z.string().nullable(),
  /**
   * Their personal data was erased (privacy policy §7): the conversation is an empty shell that takes no reply
   * (`VISITOR_ERASED`), only internal notes. Events recorded before this field existed lack it: read as false.
   */
  isErased: z.boolean(),
});

/** What every agent of the organization sees; events carry this. */
export const ZConversationBase = z.object({
  id: ZId,
  number: z.number().int(),
  status: ZConversationStatus,
  snoozedUntil: ZTimestamp.nullable(),
  priority: ZPriority,
  assigneeId: ZId.nullable(),
  /** Its team; null: none. Events recorded before this field existed lack it: read as null. */
  teamId: ZId.nullable(),
  tags: z.array(z.string()),
  subject: z.string().nullable(),
  visitor: ZVisitorSummary,
  lastMessagePreview: z.string().nullable(),
  lastMessageSeq: z.number().int(),
  lastActivityAt: ZTimestamp,
  waitingSince: ZTimestamp.nullable(),
  firstReplyAt: ZTimestamp.nullable(),
  /** The visitor's rating once they gave one. Events recorded before this field existed lack it: read as null. */
  rating: ZConversationRating.nullable(),
  /**
   * Its custom fields' values by key (admin-defined, see custom-fields.ts); an empty field is absent. Events recorded
   * before this field existed lack it: read as {}.
   */
  customFields: ZCustomFieldValues,
  /**
   * `chat` (the widget) or `email` (started by an email to one of the organization's inboxes: answers leave by
   * email at once). Events recorded before this field existed lack it: read as `chat`.
   */
  channel: z.enum(['chat', 'email']),
  createdAt: ZTimestamp,
  /** Organization event sequence of the last change: a client keeps the copy with the highest version. */
  version: z.number().int(),
});
export type TConversationBase = z.infer<typeof ZConversationBase>;

/** A conversation as answered to one agent: with that agent's read cursor. */
export const ZConversation = ZConversationBase.extend({
  /** Visitor messages after the asking agent's read cursor. */
  unreadCount: z.number().int(),
  lastReadSeq: z.number().int(),
});
export type TConversation = z.infer<typeof ZConversation>;

export const ZConversationView = z.enum(['mine', 'unassigned', 'all']);
export type TConversationView = z.infer<typeof ZConversationView>;

export const ZListConversationsQueryBase = z.strictObject({
  view: ZConversationView.default('all'),
  /** One status, or `unresolved` for every status but resolved (what the view counts count). */
  status: z.union([ZConversationStatus, z.literal('unresolved')]).optional(),
  tag: ZTag.optional(),
  assigneeId: ZId.optional(),
  teamId: ZId.optional(),
  priority: ZPriority.optional(),
  /** Search: a case-insensitive prefix of the subject, the visitor's name or email, or `#123` for a number. */
  q: ZText(LIMITS.searchMax).trim().optional(),
  cursor: ZCursor.optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
});
/**
 * The inbox list's query. Besides the named filters it takes custom field filters, `field.<key>=<value>` (any
 * number of them, all must hold); the server checks each value against its field and answers 400 for an unknown key
 * or a value the field could not hold.
 */
export const ZListConversationsQuery = withFieldFilters(ZListConversationsQueryBase);
export type TListConversationsQuery = z.input<typeof ZListConversationsQueryBase> & TFieldFilters;

export const ZConversationPage = z.object({
  conversations: z.array(ZConversation),
  nextCursor: ZCursor.nullable(),
});
export type TConversationPage = z.infer<typeof ZConversationPage>;

export const ZConversationCounts = z.object({
  mine: z.number().int(),
  unassigned: z.number().int(),
  all: z.number().int(),
  byStatus: z.record(ZConversationStatus, z.number().int()),
  /** The agent's own open conversations with a public message they have not read yet, counted up to 100 ("99+"). */
  unreadConversations: z.number().int(),
});
export type TConversationCounts = z.infer<typeof ZConversationCounts>;

/** The ticket fields an agent changes, before the rules that tie them (below). */
export const ZConversationChangeFields = z.strictObject({
  status: ZConversationStatus.optional(),
  snoozedUntil: ZTimestamp.optional(),
  priority: ZPriority.optional(),
  assigneeId: ZId.nullable().optional(),
  /** One of the organization's teams, or null for none. */
  teamId: ZId.nullable().optional(),
  tags: z.array(ZTag).max(LIMITS.tagsMax).optional(),
  subject: ZNonEmptyText(LIMITS.subjectMax).nullable().optional(),
});

/** Something to change, and a snooze with its time (the single update's rules, and the bulk change's). */
export const withChangeRules = <T extends z.ZodType<{ status?: string; snoozedUntil?: string }>>(schema: T) =>
  schema
    .refine(hasSomeKey, changingSomething)
    .refine((b) => b.status === 'snoozed' || b.snoozedUntil === undefined, {
      message: 'snoozedUntil goes with status "snoozed"',
      path: ['snoozedUntil'],
    })
    .refine((b) => b.status !== 'snoozed' || b.snoozedUntil !== undefined, {
      message: 'snoozing needs snoozedUntil',
      path: ['snoozedUntil'],
    });

export const ZUpdateConversationRequest = withChangeRules(ZConversationChangeFields);
export type TUpdateConversationRequest = z.infer<typeof ZUpdateConversationRequest>;

export const ZMarkReadRequest = z.strictObject({ seq: z.number().int().min(0).max(LIMITS.seqMax) });
export type TMarkReadRequest = z.infer<typeof ZMarkReadRequest>;

/** A visitor as agents see them in the side panel: labels, when they were seen, their browser, their conversations. */
export const ZVisitorDetail = z.object({
  id: ZId,
  name: z.string().nullable(),
  email: z.string().nullable(),
  firstSeenAt: ZTimestamp,
  lastSeenAt: ZTimestamp,
  /** The User-Agent of their last widget session, as sent (the dashboard parses it for display). */
  userAgent: z.string().nullable(),
  /** Restricted by an admin (objection, privacy policy §7): their messages are pushed to nobody. */
  isRestricted: z.boolean(),
  /** When their personal data was erased (the conversations stay as empty shells); null if it was not. */
  erasedAt: ZTimestamp.nullable(),
  /** The customer's user id, verified by its userHash; null for an anonymous visitor. */
  userId: z.string().nullable(),
  /** What the site set with Oceras.update(), or an agent. */
  customAttributes: ZCustomAttributes,
  /** The admin-defined, typed contact fields' values by key (custom-fields.ts); an empty field is absent. */
  customFields: ZCustomFieldValues,
  /** Contacts (issue 18): set by agents or the CSV import. */
  phone: z.string().nullable(),
  company: z.string().nullable(),
  /** Where they are, from their browser only (no IP geolocation): its time zone and the widget's language. */
  timeZone: z.string().nullable(),
  locale: z.string().nullable(),
  conversations: z.array(
    z.object({
      id: ZId,
      number: z.number().int(),
      status: ZConversationStatus,
      subject: z.string().nullable(),
      lastMessagePreview: z.string().nullable(),
      lastActivityAt: ZTimestamp,
      createdAt: ZTimestamp,
      /** The page the visitor started it from (the site's page, when it is on the allowed domains), and its title. */
      pageUrl: z.string().nullable(),
      pageTitle: z.string().nullable(),
    }),
  ),
});
export type TVisitorDetail = z.infer<typeof ZVisitorDetail>;
