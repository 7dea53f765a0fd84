import { z } from 'zod';
import { changingSomething, hasSomeKey, ZErrorResponse, ZId, ZNonEmptyText, ZTimestamp } from './common.js';
import {
  withChangeRules,
  ZConversation,
  ZConversationChangeFields,
  ZListConversationsQueryBase,
} from './conversations.js';
import { BULK_MAX, SAVED_VIEW_LIMITS } from './saved-view-limits.js';

export { BULK_MAX, SAVED_VIEW_LIMITS };

/** `personal`: its author's only. `shared`: the organization's, managed by managers and admins, seen by everyone. */
export const ZSavedViewScope = z.enum(['personal', 'shared']);
export type TSavedViewScope = z.infer<typeof ZSavedViewScope>;

/**
 * A view's filters are the inbox list's own query (one rule), without the page's cursor and size, and for now
 * without custom field filters (`field.<key>`: a view outlives the fields it would name; not yet decided how).
 */
export const ZSavedViewFilters = ZListConversationsQueryBase.omit({ cursor: true, limit: true });
export type TSavedViewFilters = z.infer<typeof ZSavedViewFilters>;

export const ZCreateSavedViewRequest = z.strictObject({
  name: ZNonEmptyText(SAVED_VIEW_LIMITS.nameMax),
  scope: ZSavedViewScope,
  filters: ZSavedViewFilters,
});
export type TCreateSavedViewRequest = z.input<typeof ZCreateSavedViewRequest>;

/** The scope is not changed: make a new one. `filters` replaces the view's filters. */
export const ZUpdateSavedViewRequest = z
  .strictObject({
    name: ZNonEmptyText(SAVED_VIEW_LIMITS.nameMax).optional(),
    filters: ZSavedViewFilters.optional(),
  })
  .refine(hasSomeKey, changingSomething);
export type TUpdateSavedViewRequest = z.input<typeof ZUpdateSavedViewRequest>;

export const ZSavedView = z.object({
  id: ZId,
  name: z.string(),
  scope: ZSavedViewScope,
  filters: ZSavedViewFilters,
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
