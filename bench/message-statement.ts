// `node --import tsx bench/message-statement.ts`: what PostgreSQL spends storing one visitor's message, alone and in
// a group commit's batch, with the schema as it is and with one index or setting changed at a time. The server
// builds the organizations and conversations (STATEMENT_ORGANIZATIONS, default 1; 400 conversations), then stops;
// this process runs the message path's own statements (append-statement.ts) on one connection and reads that
// backend's CPU time from /proc, so other work on the machine is not counted. Prints, per variant, the backend's
// CPU and the wall time per message, and how many conversation and visitor updates were HOT (no index entry).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  appendStatement,
  batchParametersOf,
  draftOf,
  parametersOf,
  VISITOR_BATCH,
} from '../apps/server/src/modules/messages/append-statement.js';
import { cpuTimeMs, freshDatabase, now, startProcess } from './lib.js';
import { setupOurs } from './pipeline/harness.js';

const ORGANIZATIONS = Number(process.env.STATEMENT_ORGANIZATIONS ?? 1);
const MESSAGES = Number(process.env.STATEMENT_MESSAGES ?? 1000);
const BATCHES = [1, 16];
const ROUNDS = Number(process.env.STATEMENT_ROUNDS ?? 3);

const db = await freshDatabase('bench_statement');
const server = await startProcess(['apps/server/dist/main.mjs'], {
  DATABASE_URL: db.url,
  JWT_SECRET: 's'.repeat(48),
  RATE_LIMIT_PER_MINUTE: '10000000',
});
const client = new pg.Client({ connectionString: db.url });
try {
  await setupOurs(server.baseUrl, 400, { organizations: ORGANIZATIONS, agentsPerOrganization: 1 });
  await server.stop();
  await client.connect();
  const conversations = (
    await client.query<{ organization_id: string; id: string; visitor_id: string }>(
      `select organization_id, id, visitor_id from conversations where status = 'open' order by id`,
    )
  ).rows;
  const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  const index = async (name: string) =>
    (await client.query<{ def: string }>('select pg_get_indexdef($1::regclass) as def', [name])).rows[0]!.def;
  const dropping = async (...names: string[]) => {
    const defs = await Promise.all(names.map(index));
    return {
      apply: `${names.map((n) => `drop index ${n};`).join(' ')}`,
      undo: defs.map((d) => `${d};`).join(' '),
    };
  };
  const variants: { name: string; apply: string; undo: string }[] = [
    { name: 'as is', apply: '', undo: '' },
    {
      name: "without visitors' trigram indexes",
      ...(await dropping(
        'visitors_name_trgm_idx',
        'visitors_email_trgm_idx',
        'visitors_company_trgm_idx',
        'visitors_phone_trgm_idx',
      )),
    },
    {
      name: "without conversations' GIN indexes",
      ...(await dropping('conversations_tags_idx', 'conversations_subject_trgm_idx')),
    },
    {
      name: "without conversations' inbox filter indexes",
      ...(await dropping('conversations_status_idx', 'conversations_assignee_idx', 'conversations_priority_idx')),
    },
    { name: 'without the message search index', ...(await dropping('messages_search_idx')) },
    {
      // The search index before migration 0034: the body's words without the four window words.
      name: 'search index without window words (0012)',
      apply: `drop index messages_search_idx; create index messages_search_idx on messages using gin (oceras_search_document(body)) where type <> 'system';`,
      undo: `drop index messages_search_idx; ${await index('messages_search_idx')};`,
    },
    {
      name: 'generic plans only',
      apply: 'set plan_cache_mode = force_generic_plan',
      undo: 'reset plan_cache_mode',
    },
    {
      name: 'custom plans only',
      apply: 'set plan_cache_mode = force_custom_plan',
      undo: 'reset plan_cache_mode',
    },
  ];

  let next = 0;
  const pick = (n: number) =>
    Array.from({ length: n }, () => conversations[next++ % conversations.length]!).map((c) =>
      draftOf({
        organizationId: c.organization_id,
        conversationId: c.id,
        author: { type: 'visitor' as const, id: c.visitor_id },
        type: 'message' as const,
        body: `Hello, my order ${next} has not arrived and the tracking page says nothing since Monday.`,
        clientId: randomUUID(),
      }),
    );
  const one = appendStatement('visitor', { kind: 'common-case', mayChangeAny: false });
  const run = async (batch: number) => {
    const ds = pick(batch);
    if (batch === 1) return client.query({ name: 'one', text: one, values: parametersOf(ds[0]!) });
    return client.query({ name: 'batch', text: VISITOR_BATCH, values: batchParametersOf(ds) });
  };
  const hot = async () =>
    Object.fromEntries(
      (
        await client.query<{ relname: string; upd: string; hot: string }>(
          `select relname, n_tup_upd as upd, n_tup_hot_upd as hot from pg_stat_user_tables
           where relname in ('conversations', 'visitors', 'organizations')`,
        )
      ).rows.map((r) => [r.relname, { upd: Number(r.upd), hot: Number(r.hot) }]),
    );
  // Warm-up: plans cached, pages in memory.
  for (let i = 0; i < 200; i++) await run(i % 2 === 0 ? 1 : 16);
  // Rounds of every variant in turn, so that what drifts over a run (the tables growing, the machine's other
  // work) falls on all of them alike; the median round is printed.
  const measured = new Map<string, Record<string, unknown>[]>();
  for (let round = 0; round < ROUNDS; round++)
    for (const v of variants) {
      if (v.apply) await client.query(v.apply);
      for (const batch of BATCHES) {
        await client.query('select pg_stat_force_next_flush()');
        const h0 = await hot();
        const cpu0 = await cpuTimeMs(pid);
        const t0 = now();
        for (let sent = 0; sent < MESSAGES; sent += batch) await run(batch);
        const wall = now() - t0;
        const cpu = (await cpuTimeMs(pid)) - cpu0;
        await client.query('select pg_stat_force_next_flush()');
        await new Promise((r) => setTimeout(r, 50));
        const h1 = await hot();
        const share = (t: string) =>
          `${Math.round((100 * (h1[t]!.hot - h0[t]!.hot)) / Math.max(1, h1[t]!.upd - h0[t]!.upd))}%`;
        const key = `${v.name} | ${batch}`;
        measured.set(key, [
          ...(measured.get(key) ?? []),
          {
            variant: v.name,
            batch,
            'backend CPU ms/msg': +(cpu / MESSAGES).toFixed(3),
            'wall ms/msg': +(wall / MESSAGES).toFixed(3),
            'HOT conversations': share('conversations'),
            'HOT visitors': share('visitors'),
          },
        ]);
      }
      if (v.undo) await client.query(v.undo);
    }
  const cpu = (r: Record<string, unknown>) => r['backend CPU ms/msg'] as number;
  console.table(
    [...measured.values()].map((rs) => {
      const sorted = [...rs].sort((a, b) => cpu(a) - cpu(b));
      return { ...sorted[Math.floor(sorted.length / 2)], 'all rounds': rs.map(cpu).join(' ') };
    }),
  );
} finally {
  await client.end().catch(() => {});
  await server.stop();
  await db.drop();
}
