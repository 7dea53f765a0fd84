import type { TConversationBase, TRole } from '@oceras/protocol';

/**
 * The server's conversation policy (apps/server/src/modules/conversations/conversation.policy.ts), mirrored so that
 * nobody is shown a control the server would refuse. The server still decides.
 */
export const isManager = (role: TRole) => role === 'admin' || role === 'manager';

export const canChange = (role: TRole, meId: string, c: Pick<TConversationBase, 'assigneeId'>) =>
  isManager(role) || c.assigneeId === null || c.assigneeId === meId;

/** Assigning to anyone is for managers and admins; an agent takes or drops one for themself. */
export const canAssignOthers = (role: TRole) => isManager(role);

/**
 * The privacy policy's rights over others' data (apps/server/src/modules/privacy/privacy.policy.ts): exports,
 * erasures and restrictions, agents' deletion and the audit log are for admins; any agent corrects a visitor's name
 * or email.
 */
export const canManagePersonalData = (role: TRole) => role === 'admin';
