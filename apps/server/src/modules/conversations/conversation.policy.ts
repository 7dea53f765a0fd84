import type { TConversationStatus } from '@oceras/protocol';
import type { AgentPrincipal } from '../../principals.js';

type Conv = { assigneeId: string | null };
const isManager = (a: Pick<AgentPrincipal, 'role'>) => a.role === 'admin' || a.role === 'manager';

/**
 * Pure predicates. Every agent reads every conversation of their organization and may write internal notes;
 * an agent changes (and replies in) a conversation only when it is theirs or unassigned; managers and admins
 * change any. Assigning to someone else is for managers and admins; an agent may take or drop one for themself.
 */
export const conversationPolicy = {
  canRead: (_a: AgentPrincipal, _c: Conv) => true,
  canNote: (_a: AgentPrincipal, _c: Conv) => true,
  canChange: (a: AgentPrincipal, c: Conv) =>
    conversationPolicy.mayChangeAny(a) || c.assigneeId === null || c.assigneeId === a.agentId,
  /** Managers and admins change (and reply in) any conversation. */
  mayChangeAny: (a: Pick<AgentPrincipal, 'role'>) => isManager(a),
  canAssign: (a: AgentPrincipal, c: Conv, to: string | null) =>
    isManager(a) || ((c.assigneeId === null || c.assigneeId === a.agentId) && (to === a.agentId || to === null)),
  /**
   * The reply policy's privacy rule: a public message (an agent's reply, or the visitor's own) goes only to a
   * conversation whose visitor is not erased; nobody could read it (409 `VISITOR_ERASED`). Notes stay allowed.
   * The protocol's `acceptsReplies` is the clients' reading of the same flag.
   */
  acceptsPublicMessages: (visitor: { erasedAt: Date | null }) => visitor.erasedAt === null,
};

export type Status = TConversationStatus;

/**
 * `canChange` in SQL, for the one-statement send path's guard (append-statement.ts): `c` the conversation's alias,
 * `agentId` the SQL of the agent's id, `mayChangeAny` from `conversationPolicy.mayChangeAny`. The two are checked
 * against each other for every role and assignee (conversation.policy.test.ts).
 */
export const canChangeSql = (c: string, agentId: string, mayChangeAny: boolean) =>
  mayChangeAny ? 'true' : `(${c}.assignee_id is null or ${c}.assignee_id = ${agentId})`;

/**
 * `acceptsPublicMessages` in SQL, for the one-statement and batch paths' guards (append-statement.ts): `c` the
 * conversation's alias. The visitor is looked up by primary key; `acceptsPublicMessagesWhen` is the predicate on
 * the erasure time itself, checked against the TypeScript one in conversation.policy.test.ts.
 */
export const acceptsPublicMessagesWhen = (erasedAt: string) => `${erasedAt} is null`;
export const acceptsPublicMessagesSql = (c: string) =>
  acceptsPublicMessagesWhen(`(select ev.erased_at from visitors ev where ev.id = ${c}.visitor_id)`);
