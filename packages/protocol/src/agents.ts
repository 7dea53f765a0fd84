import { z } from 'zod';
import { changingSomething, hasSomeKey, ZAvailability, ZEmail, ZId, ZRole, ZTimestamp } from './common.js';
import { ZCapacity } from './teams.js';

export const ZAgent = z.object({
  id: ZId,
  name: z.string(),
  email: z.string(),
  role: ZRole,
  avatarUrl: z.string().nullable(),
  availability: ZAvailability,
  /** Whether at least one of the agent's clients holds a live socket right now; separate from availability. */
  isConnected: z.boolean(),
  /** Restricted by an admin (objection, privacy policy §7): sent no pushes or emails, left out of reports. */
  isRestricted: z.boolean(),
  /** Unresolved conversations automatic assignment may give them; null: no limit. */
  capacity: ZCapacity,
  createdAt: ZTimestamp,
});
export type TAgent = z.infer<typeof ZAgent>;
export const ZAgentList = z.object({ agents: z.array(ZAgent) });

export const ZUpdateAgentRequest = z
  .strictObject({ role: ZRole.optional(), capacity: ZCapacity.optional() })
  .refine(hasSomeKey, changingSomething);
export type TUpdateAgentRequest = z.infer<typeof ZUpdateAgentRequest>;

export const ZCreateInvitationRequest = z.strictObject({ email: ZEmail, role: ZRole.default('agent') });
export type TCreateInvitationRequest = z.input<typeof ZCreateInvitationRequest>;
export const ZInvitation = z.object({
  id: ZId,
  email: z.string(),
  role: ZRole,
  expiresAt: ZTimestamp,
  createdAt: ZTimestamp,
  /** Present once, in the creation answer, when no email could be sent: the admin passes the link on. */
  inviteUrl: z.string().optional(),
  emailed: z.boolean().optional(),
});
export type TInvitation = z.infer<typeof ZInvitation>;
export const ZInvitationList = z.object({ invitations: z.array(ZInvitation) });
