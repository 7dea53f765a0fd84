/** The saved views' and bulk actions' bounds, without zod (the apps import them: `@oceras/protocol/saved-view-limits`). */
export const SAVED_VIEW_LIMITS = {
  nameMax: 80,
  /** Views per owner: an agent's personal ones, and the organization's shared ones (bounds the counts' work). */
  perOwnerMax: 50,
  /** A view's count stops here; the apps show "99+" (the work per view stays bounded, like `unreadConversations`). */
  countCap: 100,
} as const;

/** How many conversations one bulk request changes at most. */
export const BULK_MAX = 100;

/** A saved view's count as both apps show it: "99+" at the cap, where the server stopped counting. */
export const savedViewCountLabel = (n: number, cap: number = SAVED_VIEW_LIMITS.countCap) =>
  n >= cap ? `${cap - 1}+` : String(n);
