// Benchmark: the reports at scale (issue 18). The inbox benchmark's organization (bench/inbox/build.ts: 1,000,000
// conversations among 50 other organizations; BENCH_REPORTS_SCALE=0.1 for a tenth), one message each, then a year of
// history written over it: creation times spread over 365 days, a first reply for 80%, a resolution for 90% (a tenth
// of those reopened and resolved again), a rating for 30%. Through the API: p99 of each report over the last year and
// over the last 30 days; goal p99 < 500 ms for every report over a year (issue 18). Baseline, alternated with each
// case: GET /api/v1/me (what the route costs without its queries). The history is written with triggers off, then
// the rollups are rebuilt from it (report_rebuild, the migration's backfill). The organization has business hours:
// the server's filler measures every span (migration 0033), timed, and again after an hours change; the summary
// with `businessHours=true` is one more case.

import pg from 'pg';
import { buildInbox } from './inbox/build.js';
import { freshDatabase, now, report, request, startProcess, stats, waitForQuietMachine } from './lib.js';

const SCALE = Number(process.env.BENCH_REPORTS_SCALE ?? 1);
const CONVS = Math.round(1_000_000 * SCALE);
const OTHERS = Math.max(5, Math.round(50 * SCALE));
const N = Number(process.env.BENCH_REPORTS_REQUESTS ?? 30);
/** BENCH_REPORTS_KEEP=1 keeps the database (its URL is printed) for EXPLAIN (ANALYZE, BUFFERS) on the statements. */
const KEEP = process.env.BENCH_REPORTS_KEEP === '1';

const db = await freshDatabase('bench_reports');
const ours = await startProcess(['apps/server/dist/main.mjs'], {
  DATABASE_URL: db.url,
  JWT_SECRET: 'x'.repeat(48),
  RATE_LIMIT_PER_MINUTE: '10000000',
});
const pool = new pg.Pool({ connectionString: db.url, max: 2 });
try {
  const built = await buildInbox({
    baseUrl: ours.baseUrl,
    databaseUrl: db.url,
    conversations: CONVS,
    others: OTHERS,
    messagesPer: 1,
  });
  const { orgId } = built;
  const t0 = now();
  // A year of history for the organization, by construction from each conversation's hash.
  await pool.query(`set session_replication_role = replica`);
  await pool.query(
    `update conversations c set
       created_at = now() - interval '1 hour' - (h % 31536000) * interval '1 second',
       first_reply_at = case when h % 10 < 8
         then now() - interval '1 hour' - (h % 31536000) * interval '1 second' + (h % 3600) * interval '1 second' end,
       rating_score = case when h % 10 < 3 then 1 + (h / 10) % 5 end,
       rated_at = case when h % 10 < 3 then now() - interval '1 hour' - (h % 31536000) * interval '1 second' + interval '30 minutes' end
     from (select id, abs(hashtext(id::text)) as h from conversations where organization_id = $1) x
     where c.id = x.id`,
    [orgId],
  );
  await pool.query(
    `insert into conversation_status_changes (organization_id, conversation_id, from_status, to_status, changed_at, assignee_id, open_ms)
     select organization_id, id, 'open', 'resolved', created_at + (h % 86400) * interval '1 second', assignee_id, (h % 86400) * 1000
     from (select *, abs(hashtext(id::text)) as h from conversations where organization_id = $1 and status = 'resolved') c
     union all
     select organization_id, id, 'resolved', 'open', created_at + (h % 86400 + 600) * interval '1 second', assignee_id, null
     from (select *, abs(hashtext(id::text)) as h from conversations where organization_id = $1 and status = 'resolved') c
     where h % 100 < 9
     union all
     select organization_id, id, 'open', 'resolved', created_at + (h % 86400 + 1200) * interval '1 second', assignee_id, 600000
     from (select *, abs(hashtext(id::text)) as h from conversations where organization_id = $1 and status = 'resolved') c
     where h % 100 < 9`,
    [orgId],
  );
  // Business hours for the organization (Paris, Monday to Friday 9:00–17:30), set while the triggers are off: no
  // value is stored yet, the server's filler (modules/reports/business-filler.ts) measures them all below.
  await pool.query(`update organizations set time_zone = 'Europe/Paris', business_hours = $2 where id = $1`, [
    orgId,
    JSON.stringify({
      enabled: true,
      weekly: [1, 2, 3, 4, 5].map((d) => ({ day: d, from: '09:00', to: '17:30' })),
      holidays: ['2026-05-01', '2026-07-14', '2026-08-15', '2026-11-11', '2026-12-25'],
    }),
  ]);
  await pool.query(`set session_replication_role = origin`);
  // The history above was written with triggers off: the rollups (migration 0032) are rebuilt from the rows, as
  // the migration's backfill does.
  const r0 = now();
  await pool.query('select report_rebuild($1)', [orgId]);
  const rebuildSeconds = Math.round((now() - r0) / 1000);
  // The filler's first pass over the whole year (every span of it), then again after an hours change (which marks
  // the organization's values stale, timed alone; the filler forgets them, then measures them again).
  const unmeasured = async () =>
    Number(
      (
        await pool.query(
          `select (select count(*) from conversations where organization_id = $1 and first_reply_at is not null
                     and first_response_business_ms is null)
                + (select count(*) from conversation_status_changes where organization_id = $1
                     and to_status = 'resolved' and open_ms is not null and open_business_ms is null)
                + (select count(*) from organizations where id = $1 and business_values_stale) as n`,
          [orgId],
        )
      ).rows[0].n,
    );
  const filled = async () => {
    const t = now();
    while ((await unmeasured()) > 0) await new Promise((r) => setTimeout(r, 1000));
    return Math.round((now() - t) / 1000);
  };
  const fillSeconds = await filled();
  // BENCH_REPORTS_REFILL=0: no hours change and no second pass (at 1,000,000 each pass takes a quarter of an hour).
  const refill = process.env.BENCH_REPORTS_REFILL !== '0';
  const h0 = now();
  if (refill)
    await pool.query(
      `update organizations set business_hours = jsonb_set(business_hours, '{holidays}', '[]') where id = $1`,
      [orgId],
    );
  const hoursChangeMs = refill ? Math.round(now() - h0) : null;
  const refillSeconds = refill ? await filled() : null;
  console.log({ fillSeconds, hoursChangeMs, refillSeconds });
  await pool.query('vacuum analyze report_days');
  await pool.query('vacuum analyze conversations');
  await pool.query('vacuum analyze conversation_status_changes');
  await pool.query('checkpoint');
  const historySeconds = Math.round((now() - t0) / 1000);
  const sizes = (
    await pool.query(
      `select (select count(*) from conversations where organization_id = $1)::int as conversations,
              (select count(*) from conversation_status_changes where organization_id = $1)::int as "statusChanges",
              (select count(*) from conversations where organization_id = $1 and rated_at is not null)::int as ratings`,
      [orgId],
    )
  ).rows[0];
  console.log({ seedSeconds: built.seedSeconds, historySeconds, rebuildSeconds, ...sizes });

  const day = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);
  const ranges = {
    year: { from: day(364 * 86_400_000), to: day(0) },
    month: { from: day(29 * 86_400_000), to: day(0) },
  };
  const routes = ['summary', 'summary?businessHours=true', 'agents', 'teams', 'tags', 'heatmap'] as const;
  // The history above outlasts a 15-minute access token at full scale.
  const token = await built.renewToken();
  const get = async (path: string) => {
    const t = now();
    const r = await request(`${ours.baseUrl}${path}`, { token });
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
    return { ms: now() - t, json: r.json };
  };
  const settleSeconds = await waitForQuietMachine(Number(process.env.BENCH_SETTLE_MS ?? 120_000));
  const results: Record<string, unknown>[] = [];
  for (const [span, range] of Object.entries(ranges)) {
    for (const route of routes) {
      const [name, extra] = route.split('?');
      const query = new URLSearchParams({
        ...range,
        timeZone: 'Europe/Paris',
        ...Object.fromEntries(new URLSearchParams(extra)),
      });
      const path = `/api/v1/reports/${name}?${query}`;
      for (let i = 0; i < 3; i++) await get(path);
      const oursMs: number[] = [];
      const baseMs: number[] = [];
      let answer: Record<string, unknown> = {};
      for (let i = 0; i < N; i++) {
        baseMs.push((await get('/api/v1/me')).ms);
        const r = await get(path);
        oursMs.push(r.ms);
        answer = r.json;
      }
      const s = stats(oursMs);
      const opened = (answer.conversations as { opened?: number } | undefined)?.opened;
      results.push({ span, route, p50: s.p50, p99: s.p99, max: s.max, baselineP99: stats(baseMs).p99, opened });
      console.log(
        `${span} ${route}: p50 ${s.p50} ms, p99 ${s.p99} ms${opened !== undefined ? ` (${opened} opened)` : ''}`,
      );
    }
  }
  const yearWorst = Math.max(...results.filter((r) => r.span === 'year').map((r) => r.p99 as number));
  await report(
    'reports',
    {
      scale: SCALE,
      seedSeconds: built.seedSeconds,
      historySeconds,
      rebuildSeconds,
      fillSeconds,
      hoursChangeMs,
      refillSeconds,
      settleSeconds,
      sizes,
      requestsPerCase: N,
      results,
    },
    [{ what: 'worst report p99 over a year', value: yearWorst, target: 500, op: 'below', unit: ' ms' }],
  );
} finally {
  await pool.end();
  await ours.stop();
  if (KEEP) console.log(`kept ${db.url} (drop it when done)`);
  else await db.drop();
}
