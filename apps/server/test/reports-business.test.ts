/**
 * Business-hours reports at scale (issue 18, migration 0033): the `businessHours=true` summary, read through the API,
 * must equal the row-based oracle (rowBusinessDurations, every span of the range measured by the protocol's rule)
 * whatever the filler has measured yet: before it ran, after some batches, after it caught up, and after every
 * change of what a value depends on (a conversation's times and team, a status move's time and open time, the
 * organization's hours and zone, a team's hours, a team deleted, conversations and moves deleted). The organization
 * works in New York (daylight saving) and one team has hours of its own; the range's days are read in zones with
 * :00, :30 and :45 offsets and daylight-saving changes. A second organization with other hours shares the filler's
 * batches: every value is measured with its own organization's hours.
 */
import { randomUUID } from 'node:crypto';
import type { TBusinessHours, TReportSummary } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/db/client.js';
import { businessMillis, hoursOf, rowBusinessDurations } from '../src/modules/reports/business-durations.js';
import { businessFigures } from '../src/modules/reports/business-figures.js';
import { fillBusinessDurations, forgetStaleValues } from '../src/modules/reports/business-filler.js';
import type { Range } from '../src/modules/reports/report-figures.js';
import { buildOrganization, startTestServer, type TestServer, visitor } from './helpers.js';
import { random } from './seeded-random.js';

let server: TestServer;
beforeAll(async () => {
  // The filler runs at start and when a test settles it, never on its own in between.
  server = await startTestServer({ REPORT_FILL_POLL_MS: '3600000' });
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.database.db;
type Org = Awaited<ReturnType<typeof buildOrganization>>;

const OFFICE: TBusinessHours = {
  enabled: true,
  weekly: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, from: '09:00', to: '17:30' })),
  holidays: ['2026-03-09'],
};
const LATE: TBusinessHours = {
  enabled: true,
  weekly: ([0, 1, 2, 3, 4, 5, 6] as const).map((day) => ({ day, from: '14:00', to: '23:00' })),
  holidays: [],
};
const NIGHT: TBusinessHours = {
  enabled: true,
  weekly: [
    { day: 6, from: '22:00', to: '24:00' },
    { day: 0, from: '00:00', to: '06:00' },
  ],
  holidays: [],
};

const ZONES = ['Asia/Kathmandu', 'Australia/Lord_Howe'];
const RANGES: [string, string][] = [
  ['2026-03-08', '2026-03-08'],
  ['2026-03-01', '2026-03-31'],
  ['2026-02-20', '2026-05-10'],
  ['2026-04-02', '2026-04-05'],
];

const durations = (s: TReportSummary | Omit<TReportSummary['previous'], 'from' | 'to'>) => ({
  firstResponseTime: s.firstResponseTime,
  resolutionTime: s.resolutionTime,
});

/** Every range, zone and team filter: the API's summary (and its previous period) equals the oracle's. */
async function compare(org: Org, teams: readonly string[]) {
  const orgId = org.organization.id;
  const hours = (await hoursOf(db(), orgId))!;
  let compared = 0;
  let counted = 0;
  for (const [from, to] of RANGES)
    for (const timeZone of ZONES)
      for (const teamId of [undefined, ...teams]) {
        const summary = await org.api.call('reportSummary', {
          query: { from, to, timeZone, businessHours: 'true', ...(teamId ? { teamId } : {}) },
        });
        expect(summary.isWithinBusinessHours).toBe(true);
        const r: Range = { organizationId: orgId, from, to, timeZone, ...(teamId ? { teamId } : {}) };
        const where = JSON.stringify(r);
        expect(durations(summary), where).toEqual(await rowBusinessDurations(db(), r, hours));
        const before: Range = { ...r, from: summary.previous.from, to: summary.previous.to };
        expect(durations(summary.previous), `${where} previous`).toEqual(
          await rowBusinessDurations(db(), before, hours),
        );
        counted += summary.firstResponseTime.count + summary.resolutionTime.count;
        compared++;
      }
  expect(counted).toBeGreaterThan(0);
  return compared;
}

const unmeasured = async (orgId: string) =>
  Number(
    (
      await query<{ n: number }>(
        db(),
        sql`select (select count(*) from conversations where organization_id = ${orgId} and first_reply_at is not null
                    and first_response_business_ms is null)
               + (select count(*) from conversation_status_changes where organization_id = ${orgId}
                    and to_status = 'resolved' and open_ms is not null and open_business_ms is null) as n`,
      )
    )[0]!.n,
  );

/** The business histograms as comparable values. */
async function histogramsOf(orgId: string) {
  return query<Record<string, unknown>>(
    db(),
    sql`select kind, day::text as day, key,
               (select coalesce(json_object_agg(i + array_lower(bfrt, 1) - 1, v), '{}') from unnest(bfrt) with ordinality u(v, i) where v <> 0)::text as bfrt,
               (select coalesce(json_object_agg(i + array_lower(bres, 1) - 1, v), '{}') from unnest(bres) with ordinality u(v, i) where v <> 0)::text as bres
        from report_days where organization_id = ${orgId}
          and (exists (select 1 from unnest(bfrt) v where v <> 0) or exists (select 1 from unnest(bres) v where v <> 0))
        order by kind, day, key`,
  );
}

/** A seeded history in SQL over copies of a conversation made through the API. */
async function writeHistory(org: Org, seed: number, teams: readonly string[], template: string) {
  const orgId = org.organization.id;
  const rnd = random(seed);
  const window0 = Date.parse('2026-02-20T00:00:00Z');
  const at = (t: number) => new Date(t).toISOString();
  const duration = () => (rnd.next() < 0.1 ? rnd.int(3) : Math.round(Math.exp(rnd.next() * 13) * 1000) / 1000);
  const ids: string[] = [];
  for (let i = 0; i < 140; i++) {
    const created = window0 + rnd.int(80 * 86_400_000);
    const replied = rnd.next() < 0.85 ? created + duration() * 1000 : null;
    const [row] = await query<{ id: string }>(
      db(),
      sql`insert into conversations
          select (jsonb_populate_record(c, jsonb_build_object(
            'id', gen_random_uuid(), 'number', 1000 + ${i}::int, 'client_id', gen_random_uuid(),
            'created_at', ${at(created)}::timestamptz, 'first_reply_at', ${replied === null ? null : at(replied)}::timestamptz,
            'team_id', ${teams.length > 0 && rnd.next() < 0.6 ? rnd.pick(teams) : null}::uuid))).*
          from conversations c where c.id = ${template}
          returning id`,
    );
    ids.push(row!.id);
    let t = created;
    let status = 'open';
    let openedAt = created;
    for (let k = rnd.int(4); k > 0; k--) {
      t += rnd.int(3 * 86_400_000);
      const to = status === 'resolved' ? 'open' : rnd.pick(['resolved', 'resolved', 'snoozed']);
      await query(
        db(),
        sql`insert into conversation_status_changes (organization_id, conversation_id, from_status, to_status, changed_at, open_ms)
            values (${orgId}, ${row!.id}, ${status}, ${to}, ${at(t)},
                    ${to === 'resolved' && rnd.next() < 0.95 ? t - openedAt : null})`,
      );
      if (to === 'open') openedAt = t;
      status = to;
    }
  }
  return ids;
}

describe('business-hours reports (migration 0033)', () => {
  it('equal the row-based oracle before, during and after the filler, through every change of their inputs', async () => {
    const org = await buildOrganization(server);
    const other = await buildOrganization(server);
    const orgId = org.organization.id;
    await org.api.call('updateOrganization', { body: { timeZone: 'America/New_York', businessHours: OFFICE } });
    await other.api.call('updateOrganization', { body: { timeZone: 'Asia/Tokyo', businessHours: NIGHT } });
    const late = await org.api.call('createTeam', { body: { name: 'Late', businessHours: LATE } });
    const plain = await org.api.call('createTeam', { body: { name: 'Plain' } });
    const teams = [late.id, plain.id];

    // Through the commands: a conversation answered, given to a team, resolved, reopened, resolved again.
    const templates: string[] = [];
    for (const o of [org, other]) {
      const v = await visitor(server, o.organization.widgetKey);
      const conv = await v.start('hello');
      templates.push(conv.id);
      await o.api.call('sendMessage', { params: { id: conv.id }, body: { clientId: randomUUID(), body: 'On it' } });
      if (o === org) await o.api.call('updateConversation', { params: { id: conv.id }, body: { teamId: late.id } });
      await o.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } });
      await o.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'open' } });
      await o.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } });
      v.close();
    }
    const ids = await writeHistory(org, 18, teams, templates[0]!);
    await writeHistory(other, 19, [], templates[1]!);

    // Before the filler: every span of the ranges measured by the report itself.
    expect(await unmeasured(orgId)).toBeGreaterThan(200);
    expect(await compare(org, teams)).toBe(RANGES.length * ZONES.length * 3);
    // Setting their hours marked both organizations stale (nothing to forget yet: the filler's first step clears it).
    await forgetStaleValues(db());
    // Part of it measured (batches that hold both organizations' rows).
    expect(await fillBusinessDurations(db(), { batch: 25, maxBatches: 2 })).toBeGreaterThan(0);
    expect(await unmeasured(orgId)).toBeGreaterThan(0);
    await compare(org, teams);
    // All of it: the rollups and the bucket reads alone.
    await server.businessFiller.settle();
    expect(await unmeasured(orgId)).toBe(0);
    await compare(org, teams);

    // Each organization's values measured with its own hours.
    for (const o of [org, other]) {
      const hours = (await hoursOf(db(), o.organization.id))!;
      const rows = await query<{ a: Date; b: Date; team: string | null; v: string }>(
        db(),
        sql`select created_at as a, first_reply_at as b, team_id as team, first_response_business_ms as v
            from conversations where organization_id = ${o.organization.id} and first_reply_at is not null`,
      );
      expect(rows.length).toBeGreaterThan(50);
      for (const row of rows) expect(Number(row.v)).toBe(businessMillis(hours, row.team, row.a, row.b));
    }

    // Moved: teams (one through the API), times, open times; moves and conversations deleted.
    const rnd = random(7);
    await org.api.call('updateConversation', { params: { id: templates[0]! }, body: { teamId: plain.id } });
    for (const id of ids.slice(0, 50)) {
      const change = rnd.int(4);
      if (change === 0)
        await query(db(), sql`update conversations set team_id = ${rnd.pick([...teams, null])} where id = ${id}`);
      if (change === 1)
        await query(
          db(),
          sql`update conversations set created_at = created_at - interval '7 hours 15 minutes' where id = ${id}`,
        );
      if (change === 2)
        await query(
          db(),
          sql`update conversations set first_reply_at = first_reply_at + interval '1 day' where id = ${id}`,
        );
      if (change === 3) await query(db(), sql`delete from conversations where id = ${id}`);
    }
    await query(
      db(),
      sql`update conversation_status_changes set changed_at = changed_at + interval '20 hours', open_ms = open_ms + 72000000
          where organization_id = ${orgId} and id % 3 = 0`,
    );
    await query(db(), sql`delete from conversation_status_changes where organization_id = ${orgId} and id % 7 = 0`);
    await compare(org, teams);
    await server.businessFiller.settle();
    await compare(org, teams);

    // A team's hours, then the organization's hours and zone (through the API), then a team deleted.
    const isStale = async () =>
      (
        await query<{ s: boolean }>(db(), sql`select business_values_stale as s from organizations where id = ${orgId}`)
      )[0]!.s;
    await org.api.call('updateTeam', { params: { id: plain.id }, body: { businessHours: NIGHT } });
    expect(await isStale()).toBe(true);
    expect(await histogramsOf(orgId)).toEqual([]);
    await compare(org, teams);
    // Forgotten in batches (the filler's first step), then measured again: exact at each step.
    expect(await forgetStaleValues(db(), 40, 2)).toBeGreaterThan(0);
    expect(await isStale()).toBe(true);
    await compare(org, teams);
    await server.businessFiller.settle();
    await compare(org, teams);
    expect(await isStale()).toBe(false);
    expect(await unmeasured(orgId)).toBe(0);
    await org.api.call('updateOrganization', { body: { timeZone: 'Europe/Paris', businessHours: LATE } });
    expect(await isStale()).toBe(true);
    await compare(org, teams);
    await server.businessFiller.settle();
    expect(await isStale()).toBe(false);
    await compare(org, teams);
    const otherBefore = await histogramsOf(other.organization.id);
    await org.api.call('deleteTeam', { params: { id: late.id } });
    await compare(org, [plain.id]);
    await server.businessFiller.settle();
    await compare(org, [plain.id]);

    // The histograms the triggers kept are the ones a rebuild makes; the other organization's were untouched.
    const kept = await histogramsOf(orgId);
    expect(kept.length).toBeGreaterThan(50);
    await query(db(), sql`select report_rebuild(${orgId})`);
    expect(await histogramsOf(orgId)).toEqual(kept);
    expect(await histogramsOf(other.organization.id)).toEqual(otherBefore);
  }, 300_000);

  it('counts exact zeros in a bucket of their own: a percentile among them is 0, one past them interpolates from 0 (migration 0035)', async () => {
    const org = await buildOrganization(server);
    const orgId = org.organization.id;
    await org.api.call('updateOrganization', { body: { timeZone: 'UTC', businessHours: OFFICE } });
    const v = await visitor(server, org.organization.widgetKey);
    const template = (await v.start('hello')).id;
    v.close();
    // Saturday 14 March 2026 (closed) and Monday 16 March (open from 9:00), in UTC.
    const saturday = Date.parse('2026-03-14T10:00:00Z');
    const monday = Date.parse('2026-03-16T10:00:00Z');
    const at = (t: number) => new Date(t).toISOString();
    // First responses: nine answered within the weekend (0 ms of business time), one 100 s into Monday.
    const firsts = [...Array.from({ length: 9 }, (_, i) => saturday + i * 60_000), monday];
    for (const [i, created] of firsts.entries()) {
      const replied = created === monday ? monday + 100_000 : created + 1_800_000;
      const [row] = await query<{ id: string }>(
        db(),
        sql`insert into conversations
            select (jsonb_populate_record(c, jsonb_build_object(
              'id', gen_random_uuid(), 'number', 2000 + ${i}::int, 'client_id', gen_random_uuid(),
              'created_at', ${at(created)}::timestamptz, 'first_reply_at', ${at(replied)}::timestamptz))).*
            from conversations c where c.id = ${template}
            returning id`,
      );
      // Resolutions: five within the weekend, five on Monday after k + 1 minutes open (all within the hours).
      const k = i % 5;
      const resolvedAt = i < 5 ? saturday + 3_600_000 + i * 60_000 : monday + 3_600_000 + k * 60_000;
      await query(
        db(),
        sql`insert into conversation_status_changes (organization_id, conversation_id, from_status, to_status, changed_at, open_ms)
            values (${orgId}, ${row!.id}, 'open', 'resolved', ${at(resolvedAt)}, ${i < 5 ? 1_800_000 : (k + 1) * 60_000})`,
      );
    }
    await server.businessFiller.settle();
    expect(await unmeasured(orgId)).toBe(0);
    // The zeros are counted in bucket -1 of the organization's day rows.
    const [saturdayRow] = (await histogramsOf(orgId)).filter((h) => h.kind === 0 && h.day === '2026-03-14');
    expect(JSON.parse(String(saturdayRow!.bfrt))).toEqual({ '-1': 9 });
    expect(JSON.parse(String(saturdayRow!.bres))).toEqual({ '-1': 5 });

    const r: Range = { organizationId: orgId, from: '2026-03-01', to: '2026-03-31', timeZone: 'UTC' };
    const summary = await org.api.call('reportSummary', {
      query: { from: r.from, to: r.to, timeZone: r.timeZone, businessHours: 'true' },
    });
    // Median of 9 zeros and 100 s: 0. 90th percentile: rank 8.1, from the last zero to 100 s.
    expect(summary.firstResponseTime).toEqual({ count: 10, medianSeconds: 0, p90Seconds: 10 });
    // Median of 5 zeros and 60…300 s: rank 4.5, from the last zero to 60 s; 90th: rank 8.1, 240 to 300 s.
    expect(summary.resolutionTime).toEqual({ count: 10, medianSeconds: 30, p90Seconds: 246 });
    expect(durations(summary)).toEqual(await rowBusinessDurations(db(), r, (await hoursOf(db(), orgId))!));
  }, 60_000);

  it('falls back to the row-based path when too many spans are unmeasured, with the same figures', async () => {
    const org = await buildOrganization(server);
    const orgId = org.organization.id;
    await org.api.call('updateOrganization', { body: { timeZone: 'America/New_York', businessHours: OFFICE } });
    const v = await visitor(server, org.organization.widgetKey);
    const conv = await v.start('hello');
    v.close();
    await writeHistory(org, 21, [], conv.id);
    await server.businessFiller.settle();
    await query(
      db(),
      sql`update organizations set business_hours = ${JSON.stringify(LATE)}::jsonb where id = ${orgId}`,
    );
    const hours = (await hoursOf(db(), orgId))!;
    for (const [from, to] of RANGES) {
      const r: Range = { organizationId: orgId, from, to, timeZone: 'UTC' };
      const oracle = await rowBusinessDurations(db(), r, hours);
      expect(await businessFigures(db(), r, 3)).toEqual(oracle);
      expect(await businessFigures(db(), r)).toEqual(oracle);
    }
  }, 60_000);
});
