// Benchmark 4: the inbox at scale. One organization with 1,000,000 conversations and 10,000,000 messages among
// 50 others (BENCH_INBOX_SCALE=0.1 for a tenth). Every inbox list and filter, a conversation's newest messages
// and the counters, through the API (p99 goal: 10 ms), with EXPLAIN of exactly the statements the API runs:
// index scans only, no OFFSET. Baseline, alternated with each case: GET /api/v1/me, the cheapest agent route.
import { drizzle } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { countsQuery, listConversations } from '../apps/server/src/modules/conversations/conversation.repo.js';
import { messagePageQuery } from '../apps/server/src/modules/messages/list-messages.js';
import { buildInbox } from './inbox/build.js';
import { freshDatabase, now, report, request, startProcess, stats, waitForQuietMachine } from './lib.js';

const SCALE = Number(process.env.BENCH_INBOX_SCALE ?? 1);
const CONVS = Math.round(1_000_000 * SCALE);
const OTHERS = Math.max(5, Math.round(50 * SCALE));
const N = 200;

const db = await freshDatabase('bench_inbox');
const ours = await startProcess(['apps/server/dist/main.mjs'], {
  DATABASE_URL: db.url,
  JWT_SECRET: 'x'.repeat(48),
  RATE_LIMIT_PER_MINUTE: '10000000',
});
const pool = new pg.Pool({ connectionString: db.url, max: 2 });
try {
  const { token, orgId, me, agentIds, seedSeconds } = await buildInbox({
    baseUrl: ours.baseUrl,
    databaseUrl: db.url,
    conversations: CONVS,
    others: OTHERS,
  });
  const sizes = (
    await pool.query(
      `select (select count(*) from conversations where organization_id = $1)::int as conversations,
              (select count(*) from messages where organization_id = $1)::int as messages,
              (select count(*) from organizations)::int as organizations,
              pg_size_pretty(pg_database_size(current_database())) as size`,
      [orgId],
    )
  ).rows[0];
  console.log({ seedSeconds, ...sizes });

  const sample = (
    await pool.query('select id from conversations where organization_id = $1 order by random() limit $2', [orgId, N])
  ).rows.map((r) => r.id as string);
  const first = await request(`${ours.baseUrl}/api/v1/conversations?limit=25`, { token });
  const cursor = first.json.nextCursor as string;

  type Case = { name: string; path: (i: number) => string; explain: () => { sql: string; params: unknown[] } };
  const d = drizzle(pool);
  const list = (f: Partial<Parameters<typeof listConversations>[3]>) => () =>
    (
      listConversations(d as never, orgId, me, { view: 'all', limit: 25, ...f }) as unknown as {
        toSQL(): { sql: string; params: unknown[] };
      }
    ).toSQL();
  const cases: Case[] = [
    { name: 'all', path: () => '/api/v1/conversations?limit=25', explain: list({}) },
    {
      name: 'all, page 2',
      path: () => `/api/v1/conversations?limit=25&cursor=${cursor}`,
      explain: list({ after: decode(cursor) }),
    },
    { name: 'mine', path: () => '/api/v1/conversations?view=mine&limit=25', explain: list({ view: 'mine' }) },
    {
      name: 'unassigned',
      path: () => '/api/v1/conversations?view=unassigned&limit=25',
      explain: list({ view: 'unassigned' }),
    },
    ...(['open', 'pending', 'snoozed', 'resolved'] as const).map((status) => ({
      name: `status ${status}`,
      path: () => `/api/v1/conversations?status=${status}&limit=25`,
      explain: list({ status }),
    })),
    {
      name: 'unassigned + open',
      path: () => '/api/v1/conversations?view=unassigned&status=open&limit=25',
      explain: list({ view: 'unassigned', status: 'open' }),
    },
    {
      name: 'tag billing (10%)',
      path: () => '/api/v1/conversations?tag=billing&limit=25',
      explain: list({ tag: 'billing' }),
    },
    { name: 'tag vip (1%)', path: () => '/api/v1/conversations?tag=vip&limit=25', explain: list({ tag: 'vip' }) },
    {
      name: 'assignee',
      path: () => `/api/v1/conversations?assigneeId=${agentIds[3]}&limit=25`,
      explain: list({ assigneeId: agentIds[3] }),
    },
    {
      name: 'priority urgent',
      path: () => '/api/v1/conversations?priority=urgent&limit=25',
      explain: list({ priority: 'urgent' }),
    },
    {
      name: 'newest messages of a conversation',
      path: (i) => `/api/v1/conversations/${sample[i % sample.length]}/messages?limit=50`,
      explain: () =>
        (
          messagePageQuery(d as never, orgId, sample[0]!, { limit: 50 }, 'agent') as unknown as {
            toSQL(): { sql: string; params: unknown[] };
          }
        ).toSQL(),
    },
    {
      name: 'counters (mine, unassigned, statuses, unread)',
      path: () => '/api/v1/conversations/counts',
      explain: () => new PgDialect().sqlToQuery(countsQuery(orgId, me)),
    },
  ];

  const time = async (path: string) => {
    const t = now();
    const r = await request(`${ours.baseUrl}${path}`, { token });
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
    return now() - t;
  };
  // Settle, then warm every case before measuring any. The bulk load leaves the machine busy for minutes
  // (autovacuum, the kernel writing gigabytes back): whichever case came first used to be measured in that wake,
  // with the baseline's own p99 three times its later value. So wait, up to 5 minutes, for five quiet seconds in
  // a row: under 10 % CPU and under 16 MiB of dirty or in-flight pages.
  const settleSeconds = await waitForQuietMachine();
  console.log({ settleSeconds });
  for (const c of cases) for (let i = 0; i < 10; i++) await time(c.path(i));
  const results: Record<string, unknown>[] = [];
  for (const c of cases) {
    const oursMs: number[] = [];
    const baseMs: number[] = [];
    for (let i = 0; i < N; i++) {
      baseMs.push(await time('/api/v1/me'));
      oursMs.push(await time(c.path(i)));
    }
    const q = c.explain();
    const plan = (await pool.query(`explain (format json) ${q.sql}`, q.params)).rows[0]['QUERY PLAN'][0].Plan;
    const nodes: string[] = [];
    const walk = (n: { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: unknown[] }) => {
      nodes.push(
        `${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : n['Relation Name'] ? ` ${n['Relation Name']}` : ''}`,
      );
      for (const p of (n.Plans ?? []) as (typeof n)[]) walk(p);
    };
    walk(plan);
    const s = stats(oursMs);
    results.push({
      name: c.name,
      p50: s.p50,
      p99: s.p99,
      max: s.max,
      baselineP99: stats(baseMs).p99,
      // conversation_counts holds a few rows per organization: scanning it whole is what an index would cost.
      seqScan: nodes.some((n) => n.startsWith('Seq Scan') && n !== 'Seq Scan conversation_counts'),
      sort: nodes.includes('Sort'),
      offset: /\boffset\b/i.test(q.sql),
      plan: nodes,
    });
    console.log(`${c.name}: p50 ${s.p50} ms, p99 ${s.p99} ms; ${nodes.filter((n) => /Scan/.test(n)).join(', ')}`);
  }
  const worstP99 = Math.max(...results.map((r) => r.p99 as number));
  await report('inbox', { scale: SCALE, seedSeconds, settleSeconds, sizes, requestsPerCase: N, cases: results }, [
    { what: 'worst p99 of the inbox queries', value: worstP99, target: 10, op: 'below', unit: ' ms' },
    {
      what: 'plans with a sequential scan of a large table',
      value: results.filter((r) => r.seqScan).length,
      target: 1,
      op: 'below',
    },
    { what: 'queries with OFFSET', value: results.filter((r) => r.offset).length, target: 1, op: 'below' },
  ]);
} finally {
  await pool.end();
  await ours.stop();
  if (!process.env.BENCH_KEEP_DB) await db.drop();
}

function decode(c: string) {
  const [at, id] = Buffer.from(c, 'base64url').toString().split('|');
  return { at: new Date(at!), id: id! };
}
