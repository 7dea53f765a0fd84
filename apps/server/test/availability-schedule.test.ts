/**
 * Availability on a schedule (issue 18, modules/agents/follow-schedules.ts), through the API with a clock the test
 * moves: an agent following their schedule goes online when a range starts and offline when it ends, 09:00 local
 * on both sides of a daylight-saving change (Europe/Paris, 29 March 2026); a change by hand holds until the next
 * boundary; the agent sets their own, an admin anyone's, a colleague no one's; two processes on one database change
 * an agent once.
 */
import type { TAvailabilitySchedule } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/db/client.js';
import { followSchedules } from '../src/modules/agents/follow-schedules.js';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
let now = new Date('2026-03-28T16:30:00Z');

beforeAll(async () => {
  server = await startTestServer({}, { clock: () => now });
});
afterAll(async () => {
  await server?.close();
});

const everyDay = (from: string, to: string): TAvailabilitySchedule['weekly'] =>
  ([0, 1, 2, 3, 4, 5, 6] as const).map((day) => ({ day, from, to }));
const paris: TAvailabilitySchedule = {
  followSchedule: true,
  timeZone: 'Europe/Paris',
  weekly: everyDay('09:00', '17:00'),
};

const availabilityOf = async (api: ReturnType<TestServer['client']>, id: string) =>
  (await api.call('listAgents')).agents.find((a) => a.id === id)?.availability;

/** The `agent.updated` events about one agent, in order: their availability each time. */
const updatesOf = async (organizationId: string, agentId: string) =>
  (
    await query<{ availability: string }>(
      server.services.db,
      sql`select payload->>'availability' as availability from events
          where organization_id = ${organizationId} and type = 'agent.updated' and payload->>'id' = ${agentId}
          order by seq`,
    )
  ).map((r) => r.availability);

describe('availability on a schedule', () => {
  it('follows the schedule at each start and end, across the spring change; a change by hand holds', async () => {
    now = new Date('2026-03-28T16:30:00Z'); // Saturday 17:30 in Paris (UTC+1): after the day's range.
    const org = await buildOrganization(server);
    const ann = await buildAgent(server, org, 'agent', 'Ann');
    await ann.api.call('updateMe', { body: { availability: 'online' } });
    const before = (await updatesOf(org.organization.id, ann.agent.id)).length;

    expect(await ann.api.call('getAvailabilitySchedule', { params: { id: ann.agent.id } })).toEqual({
      followSchedule: false,
      timeZone: 'UTC',
      weekly: [],
    });
    expect(await ann.api.call('updateAvailabilitySchedule', { params: { id: ann.agent.id }, body: paris })).toEqual(
      paris,
    );
    // Followed from now: outside a range, offline.
    await followSchedules(server.services);
    expect(await availabilityOf(org.api, ann.agent.id)).toBe('offline');

    // Sunday 29 March: the clocks go forward at 02:00. 09:00 in Paris is now 07:00Z, not 08:00Z.
    now = new Date('2026-03-29T06:59:00Z');
    await followSchedules(server.services);
    expect(await availabilityOf(org.api, ann.agent.id)).toBe('offline');
    now = new Date('2026-03-29T07:00:00Z');
    await followSchedules(server.services);
    expect(await availabilityOf(org.api, ann.agent.id)).toBe('online');

    // Away by hand at 10:00 in Paris: it holds through the day's passes, until the range ends at 17:00 (15:00Z).
    now = new Date('2026-03-29T08:00:00Z');
    await ann.api.call('updateMe', { body: { availability: 'away' } });
    now = new Date('2026-03-29T12:00:00Z');
    await followSchedules(server.services);
    expect(await availabilityOf(org.api, ann.agent.id)).toBe('away');
    now = new Date('2026-03-29T15:00:00Z');
    await followSchedules(server.services);
    expect(await availabilityOf(org.api, ann.agent.id)).toBe('offline');

    // Each change was an agent.updated (colleagues see it; automatic assignment follows it).
    expect((await updatesOf(org.organization.id, ann.agent.id)).slice(before)).toEqual([
      'offline',
      'online',
      'away',
      'offline',
    ]);

    // Not followed any more: the next start changes nothing.
    await ann.api.call('updateAvailabilitySchedule', {
      params: { id: ann.agent.id },
      body: { ...paris, followSchedule: false },
    });
    now = new Date('2026-03-30T07:00:00Z');
    await followSchedules(server.services);
    expect(await availabilityOf(org.api, ann.agent.id)).toBe('offline');
  });

  it('is the agent’s own or an admin’s to set; a colleague, another organization and bad input are refused', async () => {
    now = new Date('2026-03-28T16:30:00Z');
    const org = await buildOrganization(server);
    const ann = await buildAgent(server, org, 'agent');
    const bob = await buildAgent(server, org, 'manager');
    const other = await buildOrganization(server);
    const set = (api: ReturnType<TestServer['client']>, id: string, body: unknown = paris) =>
      api.call('updateAvailabilitySchedule', { params: { id }, body: body as TAvailabilitySchedule });

    // An admin sets Ann's; Ann reads it.
    await set(org.api, ann.agent.id);
    expect(await ann.api.call('getAvailabilitySchedule', { params: { id: ann.agent.id } })).toEqual(paris);
    // A colleague who is not an admin: 403; another organization: 404; anonymous: 401.
    await expectError(set(bob.api, ann.agent.id), 403, 'FORBIDDEN');
    await expectError(bob.api.call('getAvailabilitySchedule', { params: { id: ann.agent.id } }), 403, 'FORBIDDEN');
    await expectError(set(ann.api, org.agent.id), 403, 'FORBIDDEN');
    await expectError(set(other.api, ann.agent.id), 404, 'NOT_FOUND');
    await expectError(other.api.call('getAvailabilitySchedule', { params: { id: ann.agent.id } }), 404);
    await expectError(set(server.client(), ann.agent.id), 401);
    // Bad input: 400, and nothing changed.
    await expectError(set(ann.api, ann.agent.id, { ...paris, timeZone: 'Mars/Olympus' }), 400, 'VALIDATION_FAILED');
    await expectError(
      set(ann.api, ann.agent.id, { ...paris, weekly: [{ day: 1, from: '17:00', to: '09:00' }] }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(set(ann.api, ann.agent.id, { ...paris, weekly: [{ day: 7, from: '09:00', to: '17:00' }] }), 400);
    await expectError(set(ann.api, ann.agent.id, { weekly: [] }), 400);
    expect(await ann.api.call('getAvailabilitySchedule', { params: { id: ann.agent.id } })).toEqual(paris);
  });

  it('two processes on one database change each agent once', async () => {
    now = new Date('2026-03-28T16:30:00Z');
    const second = await startTestServer({}, { databaseOf: { databaseUrl: server.databaseUrl }, clock: () => now });
    try {
      const org = await buildOrganization(server);
      const team = await Promise.all(Array.from({ length: 8 }, () => buildAgent(server, org, 'agent')));
      for (const a of team) {
        await a.api.call('updateMe', { body: { availability: 'online' } });
        await a.api.call('updateAvailabilitySchedule', { params: { id: a.agent.id }, body: paris });
      }
      const before = await Promise.all(team.map((a) => updatesOf(org.organization.id, a.agent.id)));
      await Promise.all([followSchedules(server.services), followSchedules(second.services)]);
      for (const [i, a] of team.entries()) {
        expect(await availabilityOf(org.api, a.agent.id)).toBe('offline');
        expect((await updatesOf(org.organization.id, a.agent.id)).slice(before[i]!.length)).toEqual(['offline']);
      }
    } finally {
      await second.close();
    }
  });
});
