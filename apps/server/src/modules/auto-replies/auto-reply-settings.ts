import type { TAutoReplies, TBusinessHours } from '@oceras/protocol';
import { applicableHours, type ZonedHours } from '@oceras/protocol/business-hours';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { organizations } from '../../db/schema.js';
import type { Env } from '../../env.js';
import { hasEmailFollowUp } from '../email/followup-policy.js';
import { autoRepliesOf, businessHoursOf } from '../organizations/organization.presenter.js';
import { teamHours } from '../teams/team.repo.js';

/** What the automatic replies need of an organization. */
export interface AutoReplySettings {
  replies: TAutoReplies;
  /** The organization's hours, in its `timeZone`. */
  hours: TBusinessHours | null;
  timeZone: string;
  /** The hours of the organization's teams that have their own (team id -> hours). */
  teamHours: ReadonlyMap<string, TBusinessHours>;
  /** Follow-up emails leave (its setting and the server's SMTP): the out-of-hours reply offers them. */
  hasEmailFollowUp: boolean;
}

/**
 * How long a process trusts what it read: a visitor's message costs no query for it within this time, so the
 * message path stays as it was for organizations with their replies off. A change reaches the process that made it
 * at once (`forgetAutoReplySettings`) and the others within this time.
 */
export const SETTINGS_TTL_MS = 10_000;
const cache = new Map<string, { at: number; value: Promise<AutoReplySettings | null> }>();

export function autoReplySettings(
  db: Db,
  env: Pick<Env, 'SMTP_URL'>,
  organizationId: string,
): Promise<AutoReplySettings | null> {
  const hit = cache.get(organizationId);
  if (hit && Date.now() - hit.at < SETTINGS_TTL_MS) return hit.value;
  const value = Promise.all([
    db
      .select({
        autoReplies: organizations.autoReplies,
        businessHours: organizations.businessHours,
        timeZone: organizations.timeZone,
        emailFollowup: organizations.emailFollowup,
      })
      .from(organizations)
      .where(eq(organizations.id, organizationId)),
    teamHours(db, organizationId),
  ]).then(([[row], teams]) =>
    row
      ? {
          replies: autoRepliesOf(row),
          hours: businessHoursOf(row),
          timeZone: row.timeZone,
          teamHours: teams,
          hasEmailFollowUp: hasEmailFollowUp(env, row),
        }
      : null,
  );
  value.catch(() => cache.delete(organizationId));
  if (cache.size > 10_000) cache.clear();
  cache.set(organizationId, { at: Date.now(), value });
  return value;
}

/** The hours that apply to a conversation of this team (or of none): the protocol's `applicableHours`. */
export const hoursOfTeam = (settings: AutoReplySettings, teamId: string | null): ZonedHours =>
  applicableHours(
    { businessHours: settings.hours, timeZone: settings.timeZone },
    teamId ? settings.teamHours.get(teamId) : null,
  );

/** The organization's settings or its teams' hours changed (updateOrganization, the teams' routes; after commit). */
export function forgetAutoReplySettings(organizationId: string): void {
  cache.delete(organizationId);
}
