import type { AgentPrincipal, VisitorPrincipal } from '../../principals.js';

/**
 * Who may exercise which right over whose data (privacy policy §7), as pure predicates. The route table already
 * demands the role; the commands ask again here, so a command called from elsewhere (a socket, a job) is no wider.
 */

/** Exports, erasures and restrictions of visitors, restrictions of agents and the audit log: the organization's admins. */
export const canManagePersonalData = (actor: AgentPrincipal) => actor.role === 'admin';

/** Rectification: any agent of the organization may correct a visitor's name or email. */
export const canCorrectVisitor = (actor: AgentPrincipal) => actor.kind === 'agent';

/** A visitor's own data: their admin, or the visitor themselves from the widget. */
export const canActOnVisitor = (actor: AgentPrincipal | VisitorPrincipal, visitorId: string) =>
  actor.kind === 'visitor' ? actor.visitorId === visitorId : canManagePersonalData(actor);

/**
 * Whether an agent may delete their own account: never the last admin while other agents remain (nobody could
 * administer the organization), and never the only agent (nobody could delete the organization, whose data would
 * then be kept for ever: the admin deletes the organization instead).
 */
export function ownDeletionRefusal(
  me: { id: string; role: string },
  active: readonly { id: string; role: string }[],
): 'last-admin' | 'only-agent' | null {
  const others = active.filter((a) => a.id !== me.id);
  if (others.length === 0) return 'only-agent';
  if (me.role === 'admin' && !others.some((a) => a.role === 'admin')) return 'last-admin';
  return null;
}

/**
 * Restriction (objection, §7): a restricted person's data stays but is not processed: no pushes (push-recipients.ts
 * R3 and R9, and test pushes), no emails (none is sent to agents or visitors today; the first must ask this), and
 * left out of reports (none exists yet; the first must ask this too).
 */
export const isProcessable = (person: { restrictedAt: Date | null }) => person.restrictedAt === null;
