import type { TBusinessHours, TTeam } from '@oceras/protocol';
import type { TeamRow } from './team.repo.js';

/** The only way a team leaves the server. */
export const presentTeam = (row: TeamRow, agentIds: string[]): TTeam => ({
  id: row.id,
  name: row.name,
  autoAssignment: row.autoAssignment,
  agentIds,
  businessHours: teamHoursOf(row),
  createdAt: row.createdAt.toISOString(),
});

/** The team's own hours (stored as the protocol validated them); null: the organization's apply. */
export const teamHoursOf = (row: Pick<TeamRow, 'businessHours'>) =>
  (row.businessHours as TBusinessHours | null) ?? null;
