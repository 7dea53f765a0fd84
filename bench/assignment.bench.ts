// Benchmark: automatic assignment (issue 17, "Routing"). One organization with 200 agents online, capacity 10 each,
// and 2 × N open unassigned conversations (written straight into the database). Baseline: N plain assignments, one
// at a time, through PATCH /api/v1/conversations/:id (updateConversation: the same changeConversation, system line
// and event as the engine's). Ours: the organization's switch turned on, and the engine hands out the other N (each
// decision: the advisory lock, the one-statement pick over 200 agents, the row locks, the assignment); timed from
// the switch's answer until the last one is assigned. Decisions per second for both; no ratio goal was given, the
// figure is recorded. Goals: every conversation handed out, and nobody above their capacity.
// Run: npm run bench -- assignment (BENCH_ASSIGNMENT_N, default 1000)

import pg from 'pg';
import { freshDatabase, now, report, request, sleep, startProcess } from './lib.js';

const N = Number(process.env.BENCH_ASSIGNMENT_N ?? 1000);
const AGENTS = 200;
const CAPACITY = Math.ceil((2 * N) / AGENTS);

const db = await freshDatabase('bench_assignment');
const proc = await startProcess(['apps/server/dist/main.mjs'], {
  DATABASE_URL: db.url,
  JWT_SECRET: 'x'.repeat(48),
  RATE_LIMIT_PER_MINUTE: '10000000',
  DEMO_DATA: 'false',
  // The sweep stays out of the measured window: only the event wakes the engine.
  ASSIGNMENT_POLL_MS: '600000',
});
const pool = new pg.Pool({ connectionString: db.url, max: 2 });
try {
  const signup = await request(`${proc.baseUrl}/api/v1/auth/signup`, {
    body: {
      organizationName: 'Bench Routing',
      slug: 'bench-routing',
      name: 'Bench Admin',
      email: 'admin@bench.example',
      password: 'correct horse battery',
    },
  });
  if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${JSON.stringify(signup.json)}`);
  const token: string = signup.json.accessToken;
  const orgId: string = signup.json.organization.id;
  await request(`${proc.baseUrl}/api/v1/me`, { method: 'PATCH', token, body: { availability: 'offline' } });

  // 200 agents online and 2N conversations of one visitor, written directly (the API's sign-in and widget limits
  // would make the set-up the bench).
  await pool.query(
    `insert into agents (organization_id, email, name, password_hash, role, availability, capacity)
     select $1, 'agent' || i || '@bench.example', 'Agent ' || i, '', 'agent', 'online', $2
     from generate_series(1, ${AGENTS}) i`,
    [orgId, CAPACITY],
  );
  const visitor = await pool.query(`insert into visitors (organization_id, name) values ($1, 'Bench') returning id`, [
    orgId,
  ]);
  await pool.query(
    `insert into conversations (organization_id, number, visitor_id, status, queued_at)
     select $1, i, $2, 'open', now() + i * interval '1 microsecond' from generate_series(1, ${2 * N}) i`,
    [orgId, visitor.rows[0].id],
  );
  await pool.query(`update organizations set conversation_counter = ${2 * N} where id = $1`, [orgId]);
  await pool.query('vacuum analyze');
  const agentIds: string[] = (
    await pool.query(`select id from agents where organization_id = $1 and role = 'agent' order by id`, [orgId])
  ).rows.map((r) => r.id);
  const conversationIds: string[] = (
    await pool.query(`select id from conversations where organization_id = $1 order by number`, [orgId])
  ).rows.map((r) => r.id);

  // Baseline: the first N, assigned one at a time by the admin.
  const t0 = now();
  for (let i = 0; i < N; i++) {
    const res = await request(`${proc.baseUrl}/api/v1/conversations/${conversationIds[i]}`, {
      method: 'PATCH',
      token,
      body: { assigneeId: agentIds[i % AGENTS] },
    });
    if (res.status !== 200) throw new Error(`baseline assignment: ${res.status} ${JSON.stringify(res.json)}`);
  }
  const baselineSeconds = (now() - t0) / 1000;

  // Ours: the switch on; the engine hands out the other N.
  const queued = async () =>
    Number(
      (
        await pool.query(
          `select count(*) from conversations where organization_id = $1 and assignee_id is null and status = 'open'`,
          [orgId],
        )
      ).rows[0].count,
    );
  const t1 = now();
  const on = await request(`${proc.baseUrl}/api/v1/organization`, {
    method: 'PATCH',
    token,
    body: { autoAssignment: true },
  });
  if (on.status !== 200) throw new Error(`switch: ${on.status}`);
  const deadline = now() + 600_000;
  let left = await queued();
  while (left > 0 && now() < deadline) {
    await sleep(20);
    left = await queued();
  }
  const engineSeconds = (now() - t1) / 1000;
  const maxLoad = Number(
    (
      await pool.query(
        `select coalesce(max(n), 0) as n from (select count(*) as n from conversations
         where organization_id = $1 and assignee_id is not null and status <> 'resolved' group by assignee_id) x`,
        [orgId],
      )
    ).rows[0].n,
  );
  const autoLines = Number(
    (
      await pool.query(
        `select count(*) from messages where organization_id = $1 and type = 'system' and system->>'reason' = 'auto_assigned'`,
        [orgId],
      )
    ).rows[0].count,
  );

  const round = (v: number) => Math.round(v * 10) / 10;
  const figures = {
    agents: AGENTS,
    capacity: CAPACITY,
    conversations: N,
    baseline: {
      what: 'PATCH updateConversation, one at a time',
      seconds: round(baselineSeconds),
      perSecond: round(N / baselineSeconds),
    },
    engine: {
      what: 'automatic assignment draining the queue',
      seconds: round(engineSeconds),
      decisionsPerSecond: round((N - left) / engineSeconds),
      systemLines: autoLines,
    },
    ratio: round(N / baselineSeconds / ((N - left) / engineSeconds)),
    maxLoad,
  };
  await report('assignment', figures, [
    { what: 'conversations left in the queue', value: left, target: 1, op: 'below' },
    { what: `highest load (capacity ${CAPACITY})`, value: maxLoad, target: CAPACITY + 1, op: 'below' },
  ]);
} finally {
  await pool.end();
  await proc.stop();
  await db.drop();
}
