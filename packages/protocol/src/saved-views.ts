import { z } from 'zod';
import { changingSomething, hasSomeKey, ZErrorResponse, ZId, ZNonEmptyText, ZTimestamp } from './common.js';
import {
  withChangeRules,
  ZConversation,
  ZConversationChangeFields,
  ZListConversationsQueryBase,
} from './conversations.js';
import { CUSTOM_FIELD_LIMITS, FIELD_FILTER_PROBLEM_CODES } from './custom-field-rules.js';
import { ZCustomFieldKey } from './custom-fields.js';
import { BULK_MAX, SAVED_VIEW_LIMITS } from './saved-view-limits.js';

export { BULK_MAX, SAVED_VIEW_LIMITS };

/** `personal`: its author's only. `shared`: the organization's, managed by managers and admins, seen by everyone. */
export const ZSavedViewScope = z.enum(['personal', 'shared']);
export type TSavedViewScope = z.infer<typeof ZSavedViewScope>;

/**
 * A view's filters are the inbox list's own query (one rule), without the page's cursor and size. Its custom field
 * filters are the list's `field.<key>=<value>` parameters gathered under `fields` (key -> the same text), read by the
 * same rule (`resolveFieldFilters`): checked against the organization's conversation fields when the view is saved,
 * and, since a view outlives the fields it names, read again each time it is used (see `inapplicableFilters`).
 */
export const ZSavedViewFilters = ZListConversationsQueryBase.omit({ cursor: true, limit: true }).extend({
  fields: z
    .record(ZCustomFieldKey, ZNonEmptyText(CUSTOM_FIELD_LIMITS.textMax))
    .refine((v) => Object.keys(v).length <= CUSTOM_FIELD_LIMITS.fieldsMax, { message: 'too many fields' })
    .optional(),
});
export type TSavedViewFilters = z.infer<typeof ZSavedViewFilters>;

export const ZCreateSavedViewRequest = z.strictObject({
  name: ZNonEmptyText(SAVED_VIEW_LIMITS.nameMax),
  scope: ZSavedViewScope,
  filters: ZSavedViewFilters,
});
export type TCreateSavedViewRequest = z.input<typeof ZCreateSavedViewRequest>;

/**
 * `filters` replaces the view's filters. `scope` moves it: a personal view becomes the organization's, or a shared
 * one becomes the caller's own; either way the caller must be a manager or admin, and the new owner's limit holds.
 */
export const ZUpdateSavedViewRequest = z
  .strictObject({
    name: ZNonEmptyText(SAVED_VIEW_LIMITS.nameMax).optional(),
    scope: ZSavedViewScope.optional(),
    filters: ZSavedViewFilters.optional(),
  })
  .refine(hasSomeKey, changingSomething);
export type TUpdateSavedViewRequest = z.input<typeof ZUpdateSavedViewRequest>;

export const ZSavedView = z.object({
  id: ZId,
  name: z.string(),
  scope: ZSavedViewScope,
  filters: ZSavedViewFilters,
  /**
   * The view's custom field filters that no longer apply, as the organization's fields are now: the field was
   * deleted (`field_missing`), or the value it looks for is none the field can hold now, say an option removed
   * (`value_invalid`). The apps say why from `code`; `message` is the same in English, for older clients. The list
   * and the count leave them out; the view still opens.
   */
  inapplicableFilters: z.array(
    z.object({ key: z.string(), code: z.enum(FIELD_FILTER_PROBLEM_CODES), message: z.string() }),
  ),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TSavedView = z.infer<typeof ZSavedView>;

export const ZSavedViewList = z.object({ savedViews: z.array(ZSavedView) });
export type TSavedViewList = z.infer<typeof ZSavedViewList>;

export const ZSavedViewCounts = z.object({
  /** Per view the caller sees: the conversations its filters list, counted up to `SAVED_VIEW_LIMITS.countCap`. */
  counts: z.array(z.object({ id: ZId, count: z.number().int() })),
});
export type TSavedViewCounts = z.infer<typeof ZSavedViewCounts>;

/**
 * One change for every conversation of a bulk request: the single update's fields and rules, with tags added or
 * removed (each conversation keeps its other tags) instead of replaced; the subject is one conversation's own.
 */
export const ZBulkConversationChange = withChangeRules(
  ZConversationChangeFields.omit({ tags: true, subject: true }).extend({
    addTags: ZConversationChangeFields.shape.tags,
    removeTags: ZConversationChangeFields.shape.tags,
  }),
);
export type TBulkConversationChange = z.infer<typeof ZBulkConversationChange>;

export const ZBulkUpdateConversationsRequest = z.strictObject({
  ids: z
    .array(ZId)
    .min(1)
    .max(BULK_MAX)
    .refine((ids) => new Set(ids).size === ids.length, 'each conversation once'),
  change: ZBulkConversationChange,
});
export type TBulkUpdateConversationsRequest = z.input<typeof ZBulkUpdateConversationsRequest>;

/** Per id, in the request's order: the conversation as changed, or why it was not (nothing changed for that id). */
export const ZBulkResult = z.union([
  z.object({ id: ZId, ok: z.literal(true), conversation: ZConversation }),
  z.object({ id: ZId, ok: z.literal(false), error: ZErrorResponse.shape.error }),
]);
export type TBulkResult = z.infer<typeof ZBulkResult>;

export const ZBulkUpdateConversationsResponse = z.object({ results: z.array(ZBulkResult) });
export type TBulkUpdateConversationsResponse = z.infer<typeof ZBulkUpdateConversationsResponse>;
