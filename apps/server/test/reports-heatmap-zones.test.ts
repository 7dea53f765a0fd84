/**
 * The heatmap counted per quarter of an hour (issue 18, reports at scale) gives exactly the cells of the row-by-row
 * definition (each conversation's local weekday and hour) in zones where a quarter is not always one local hour:
 * Paris's autumn change, Kathmandu's +5:45, St. John's change at 00:01 (2010) and Monrovia's −0:44:30 (1971).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/db/client.js';
import { buildOrganization, startTestServer, type TestServer, visitor } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** Instants every 7 min 13 s over two days around `around`. */
const CASES = [
  { timeZone: 'Europe/Paris', around: '2026-10-25T01:00:00Z', from: '2026-10-24', to: '2026-10-26' },
  { timeZone: 'Asia/Kathmandu', around: '2026-10-25T01:00:00Z', from: '2026-10-24', to: '2026-10-26' },
  { timeZone: 'America/St_Johns', around: '2010-11-07T02:31:00Z', from: '2010-11-06', to: '2010-11-08' },
  { timeZone: 'Africa/Monrovia', around: '1971-06-01T12:00:00Z', from: '1971-05-31', to: '1971-06-02' },
];

describe('the heatmap per quarter of an hour', () => {
  it('equals the row-by-row count in zones with odd offsets and changes', async () => {
    const org = await buildOrganization(server);
    const v = await visitor(server, org.organization.widgetKey);
    const first = await v.start('The first');
    v.close();
    const db = server.database.db;
    let n = 0;
    for (const c of CASES) {
      await query(
        db,
        sql`insert into conversations (organization_id, number, visitor_id, client_id, created_at)
            select organization_id, number + ${n} + g, visitor_id, 'heat-' || (${n} + g),
                   ${c.around}::timestamptz - interval '24 hours' + g * interval '433 seconds'
            from conversations, generate_series(1, 400) g where id = ${first.id}`,
      );
      n += 1000;
    }
    for (const c of CASES) {
      const { cells } = await org.api.call('reportHeatmap', {
        query: { from: c.from, to: c.to, timeZone: c.timeZone },
      });
      const rows = await query<{ d: number; h: number; n: number }>(
        db,
        sql`select (extract(isodow from created_at at time zone ${c.timeZone})::int - 1) as d,
                   extract(hour from created_at at time zone ${c.timeZone})::int as h, count(*)::int as n
            from conversations
            where organization_id = ${org.organization.id}
              and created_at >= (${c.from}::date)::timestamp at time zone ${c.timeZone}
              and created_at < ((${c.to}::date) + 1)::timestamp at time zone ${c.timeZone}
            group by 1, 2`,
      );
      const expected = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
      for (const r of rows) expected[r.d]![r.h] = r.n;
      expect(cells, c.timeZone).toEqual(expected);
      expect(
        cells.flat().reduce((a, b) => a + b, 0),
        c.timeZone,
      ).toBeGreaterThanOrEqual(400);
    }
  });
});
