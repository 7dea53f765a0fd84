import { z } from 'zod';
import { CANNED_LIMITS, CANNED_SHORTCODE_PATTERN } from './canned-text.js';
import { changingSomething, hasSomeKey, ZId, ZNonEmptyText, ZText, ZTimestamp } from './common.js';

/** `personal`: its author's only. `shared`: the organization's, managed by managers and admins, used by everyone. */
export const ZCannedScope = z.enum(['personal', 'shared']);
export type TCannedScope = z.infer<typeof ZCannedScope>;

/** Case does not count: `Thx` is stored and matched as `thx`. */
export const ZShortcode = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(CANNED_LIMITS.shortcodeMax)
  .regex(CANNED_SHORTCODE_PATTERN, 'letters, digits, "-" and "_" only');

export const ZCreateCannedResponseRequest = z.strictObject({
  shortcode: ZShortcode,
  title: ZNonEmptyText(CANNED_LIMITS.titleMax),
  /** The template, stored as typed: `{{visitor.name}}`, `{{visitor.email}}`, `{{agent.name}}`, `{{organization.name}}`, `{{visitor.name | fallback}}`. */
  body: ZNonEmptyText(CANNED_LIMITS.bodyMax),
  scope: ZCannedScope,
});
export type TCreateCannedResponseRequest = z.input<typeof ZCreateCannedResponseRequest>;

/** The scope is not changed: make a new one. */
export const ZUpdateCannedResponseRequest = z
  .strictObject({
    shortcode: ZShortcode.optional(),
    title: ZNonEmptyText(CANNED_LIMITS.titleMax).optional(),
    body: ZNonEmptyText(CANNED_LIMITS.bodyMax).optional(),
  })
  .refine(hasSomeKey, changingSomething);
export type TUpdateCannedResponseRequest = z.input<typeof ZUpdateCannedResponseRequest>;

export const ZListCannedResponsesQuery = z.strictObject({
  /** A case-insensitive prefix of the shortcode or the title. */
  q: ZText(CANNED_LIMITS.queryMax).trim().optional(),
});
export type TListCannedResponsesQuery = z.input<typeof ZListCannedResponsesQuery>;

export const ZCannedResponse = z.object({
  id: ZId,
  scope: ZCannedScope,
  shortcode: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TCannedResponse = z.infer<typeof ZCannedResponse>;

export const ZCannedResponseList = z.object({
  cannedResponses: z.array(ZCannedResponse),
  /** More matched than `CANNED_LIMITS.listMax`: narrow with `q`. */
  isTruncated: z.boolean(),
});
export type TCannedResponseList = z.infer<typeof ZCannedResponseList>;
