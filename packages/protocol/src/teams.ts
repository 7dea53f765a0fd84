import { z } from 'zod';
import { ZBusinessHours } from './auto-replies.js';
import { changingSomething, hasSomeKey, LIMITS, ZId, ZNonEmptyText, ZTimestamp } from './common.js';

/** How many agents a team may list; far above a support team, and it bounds one update's statement. */
export const TEAM_LIMITS = { membersMax: 500, capacityMax: 1000, offlineMinutesMax: 10_080 } as const;

const ZAgentIds = z
  .array(ZId)
  .max(TEAM_LIMITS.membersMax)
  .refine((ids) => new Set(ids).size === ids.length, 'each agent once');

export const ZCreateTeamRequest = z.strictObject({
  /** Unique in the organization, whatever the case (409 TEAM_NAME_TAKEN). */
  name: ZNonEmptyText(LIMITS.nameMax),
  /** Its conversations are handed out automatically to its online members (off by default). */
  autoAssignment: z.boolean().default(false),
  agentIds: ZAgentIds.default([]),
  /** The team's own business hours, in the organization's time zone; null (the default): the organization's. */
  businessHours: ZBusinessHours.nullable().default(null),
});
export type TCreateTeamRequest = z.input<typeof ZCreateTeamRequest>;

/** `agentIds` replaces the members. */
export const ZUpdateTeamRequest = z
  .strictObject({
    name: ZNonEmptyText(LIMITS.nameMax).optional(),
    autoAssignment: z.boolean().optional(),
    agentIds: ZAgentIds.optional(),
    /** Its own hours (the organization's shape and rules, in its time zone); null: the organization's again. */
    businessHours: ZBusinessHours.nullable().optional(),
  })
  .refine(hasSomeKey, changingSomething);
export type TUpdateTeamRequest = z.input<typeof ZUpdateTeamRequest>;

export const ZTeam = z.object({
  id: ZId,
  name: z.string(),
  autoAssignment: z.boolean(),
  /** Its members, removed agents left out. */
  agentIds: z.array(ZId),
  /**
   * Its own business hours (issue 18), in the organization's time zone; null: the organization's apply to its
   * conversations (out-of-hours reply, reports within business hours).
   */
  businessHours: ZBusinessHours.nullable(),
  createdAt: ZTimestamp,
});
export type TTeam = z.infer<typeof ZTeam>;

export const ZTeamList = z.object({ teams: z.array(ZTeam) });
export type TTeamList = z.infer<typeof ZTeamList>;

/** An agent's capacity: unresolved conversations automatic assignment may give them; null: no limit. */
export const ZCapacity = z.number().int().min(0).max(TEAM_LIMITS.capacityMax).nullable();

/** Minutes an assignee may stay offline before their unresolved conversations go back to the queue; null: never. */
export const ZReassignOfflineAfterMinutes = z.number().int().min(1).max(TEAM_LIMITS.offlineMinutesMax).nullable();
