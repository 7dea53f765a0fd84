import type { TNotificationSettings } from '@oceras/protocol';

/**
 * Agents' emails (issue 16, "Agents"): the one rule of who gets an email about a notice (a conversation assigned
 * to them, a mention), and when. Pure, tested in agent-email-policy.test.ts.
 *
 * E1. `email: off` never emails; `immediate` decides as soon as the notice exists; `digest` a digest period
 *     after it, together with every notice that joined meanwhile (one email).
 * E2. Only an agent offline when the email is decided (no socket in any process, realtime/presence.ts): an agent
 *     online has the live event and the mentions list.
 * E3. Never a removed, erased or restricted agent.
 * E4. Only what is still news: a mention or a low rating not read yet, a conversation still assigned to them and
 *     not resolved, and not a day past its own due time (notices left while the server had no SMTP would be old
 *     news).
 */

const STALE_AFTER_MS = 24 * 3600_000;

/** When an agent's pending notices are due (E1): at once, or a digest period after the first of them. */
export function emailDueAt(settings: TNotificationSettings, firstPendingAt: Date, digestSeconds: number): Date {
  return settings.email === 'digest' ? new Date(firstPendingAt.getTime() + digestSeconds * 1000) : firstPendingAt;
}

export interface AgentEmailFacts {
  settings: TNotificationSettings;
  isGone: boolean;
  isRestricted: boolean;
  isOnline: boolean;
}

/** Whether the agent's due notices leave as an email now (E1–E3); E4 then picks which notices it lists. */
export function mayEmailAgent(a: AgentEmailFacts): boolean {
  return a.settings.email !== 'off' && !a.isGone && !a.isRestricted && !a.isOnline;
}

export interface NoticeState {
  kind: 'mention' | 'assigned' | 'low_rating';
  /** When this notice alone would have been due (emailDueAt of its own creation). */
  dueAt: Date;
  readAt: Date | null;
  isStillAssigned: boolean;
  isResolved: boolean;
}

/** E4. */
export function isStillNews(n: NoticeState, now: Date): boolean {
  if (now.getTime() - n.dueAt.getTime() > STALE_AFTER_MS) return false;
  return n.kind === 'assigned' ? n.isStillAssigned && !n.isResolved : n.readAt === null;
}
