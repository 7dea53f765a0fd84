import type { TConversationStatus } from './common.js';

/**
 * The status state machine, for the server (any other move is a 409 ILLEGAL_TRANSITION) and for the apps (which
 * moves they offer). Staying in place is not a move, but snoozing again moves the time. No zod here: the apps
 * import it on their first screen.
 */
export const STATUS_TRANSITIONS: Record<TConversationStatus, readonly TConversationStatus[]> = {
  open: ['pending', 'snoozed', 'resolved'],
  pending: ['open', 'snoozed', 'resolved'],
  snoozed: ['open', 'resolved', 'snoozed'],
  resolved: ['open'],
};

export const canMoveTo = (from: TConversationStatus, to: TConversationStatus) => STATUS_TRANSITIONS[from].includes(to);

/**
 * A visitor's message moves a conversation in these statuses back to open: a resolved or snoozed one, and a pending
 * one (pending: the team waits on the visitor). Every other status takes the message as it is. The server's
 * one-statement send path guards on the complement (append-statement.ts).
 */
export const REOPENED_BY_VISITOR: readonly TConversationStatus[] = ['pending', 'snoozed', 'resolved'];
export const STATUSES: readonly TConversationStatus[] = ['open', 'pending', 'snoozed', 'resolved'];
