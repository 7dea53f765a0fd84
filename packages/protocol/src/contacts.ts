/**
 * Contacts (issue 18): the organization's visitors as agents manage them. The API keeps the resource name `visitors`
 * (`/api/v1/visitors...`); the apps call them contacts.
 */
import { z } from 'zod';
import { LIMITS, ZCursor, ZId, ZNonEmptyText, ZText, ZTimestamp } from './common.js';
import { CONTACT_FILTERS, CONTACT_LIMITS, PHONE_PATTERN } from './contact-rules.js';

export { CONTACT_FILTERS, CONTACT_LIMITS, PHONE_PATTERN } from './contact-rules.js';

export const ZPhone = z
  .string()
  .trim()
  .min(3)
  .max(CONTACT_LIMITS.phoneMax)
  .regex(PHONE_PATTERN, 'digits, spaces, "(", ")", ".", "-", "/" and a leading "+"');
export const ZCompany = ZNonEmptyText(CONTACT_LIMITS.companyMax);
/** A time zone as the visitor's browser names it (`Europe/Paris`); not checked against this server's list, as ZTimeZone is. */
export const ZBrowserTimeZone = z
  .string()
  .max(CONTACT_LIMITS.timeZoneMax)
  .regex(/^[A-Za-z][A-Za-z0-9_+\-/]*$/, 'an IANA time zone such as Europe/Paris');

/** Which contacts the list shows. `identified`: a verified user id; `with-email`: an email known. */
export const ZContactFilter = z.enum(CONTACT_FILTERS);
export type TContactFilter = z.infer<typeof ZContactFilter>;

export const ZListVisitorsQuery = z.strictObject({
  /** A case-insensitive part of the name, email, phone or company. */
  q: ZText(CONTACT_LIMITS.queryMax).trim().optional(),
  filter: ZContactFilter.default('all'),
  cursor: ZCursor.optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
});
export type TListVisitorsQuery = z.input<typeof ZListVisitorsQuery>;

/** One row of the contacts list. */
export const ZContact = z.object({
  id: ZId,
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  userId: z.string().nullable(),
  firstSeenAt: ZTimestamp,
  lastSeenAt: ZTimestamp,
  isErased: z.boolean(),
  conversationCount: z.number().int(),
});
export type TContact = z.infer<typeof ZContact>;

/** Newest seen first; `nextCursor` for the next page (null: the last one). */
export const ZContactPage = z.object({ visitors: z.array(ZContact), nextCursor: ZCursor.nullable() });
export type TContactPage = z.infer<typeof ZContactPage>;

export const ZMergeVisitorsRequest = z.strictObject({
  /** The contact that stays: this one's conversations, notes and labels move to it, and this one is deleted. */
  intoVisitorId: ZId,
});
export type TMergeVisitorsRequest = z.input<typeof ZMergeVisitorsRequest>;

/** A note agents keep about a contact; never shown to the visitor. */
export const ZVisitorNote = z.object({
  id: ZId,
  body: z.string(),
  author: z.object({ id: ZId, name: z.string() }).nullable(),
  createdAt: ZTimestamp,
});
export type TVisitorNote = z.infer<typeof ZVisitorNote>;
export const ZVisitorNoteList = z.object({ notes: z.array(ZVisitorNote) });
export type TVisitorNoteList = z.infer<typeof ZVisitorNoteList>;

export const ZCreateVisitorNoteRequest = z.strictObject({ body: ZNonEmptyText(CONTACT_LIMITS.noteMax) });
export type TCreateVisitorNoteRequest = z.input<typeof ZCreateVisitorNoteRequest>;

export const ZVisitorNoteParams = z.strictObject({ id: ZId, noteId: ZId });

/**
 * The CSV import: the file's text. Columns by header name (any order, case-insensitive): `email` (required: the
 * key), `name`, `phone`, `company`, and any other header that is a custom attribute key (`plan`, `seats`).
 */
export const ZImportVisitorsRequest = z.strictObject({
  csv: z.string().min(1).max(CONTACT_LIMITS.importCharsMax),
});
export type TImportVisitorsRequest = z.input<typeof ZImportVisitorsRequest>;

export const ZImportVisitorsResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  /** Rows refused, each with its line number in the file (the header is line 1); the others were imported. */
  errorCount: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
});
export type TImportVisitorsResult = z.infer<typeof ZImportVisitorsResult>;
