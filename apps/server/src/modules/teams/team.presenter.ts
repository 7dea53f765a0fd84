import type { TTeam } from '@oceras/protocol';
import type { TeamRow } from './team.repo.js';

/** The only way a team leaves the server. */
export const presentTeam = (row: TeamRow, agentIds: string[]): TTeam => ({
  id: row.id,
  name: row.name,
  autoAssignment: row.autoAssignment,
  agentIds,
  createdAt: row.createdAt.toISOString(),
});
