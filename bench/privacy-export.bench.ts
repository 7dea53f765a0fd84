// Benchmark 7: the export of a visitor with 10,000 messages (GET /api/v1/visitors/:id/export), streamed a page at a
// time, against two baselines in the same run: the same rows through PostgreSQL's `COPY … TO STDOUT` (the floor
// for reading them), and the same document read in one query and built in memory with JSON.stringify (an export
// without streaming). Time to the first byte and to the last, and the server's peak memory during the export
// (VmHWM reset before each export through /proc/<pid>/clear_refs). Then the same export at 40,000 messages:
// a streamed export's memory stays flat.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import pg from 'pg';
import { alternate, freshDatabase, median, now, report, request, startProcess } from './lib.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PER_CONVERSATION = 1_000;

/** Downloads a URL to the end: time to first byte and to the last, bytes. */
function download(url: string, token?: string) {
  return new Promise<{ firstByteMs: number; totalMs: number; bytes: number; status: number }>((resolve, reject) => {
    const start = now();
    let first = 0;
    let bytes = 0;
    const req = http.get(url, { headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      res.on('data', (c: Buffer) => {
        if (!first) first = now();
        bytes += c.length;
      });
      res.on('end', () =>
        resolve({ firstByteMs: first - start, totalMs: now() - start, bytes, status: res.statusCode ?? 0 }),
      );
    });
    req.on('error', reject);
  });
}

async function memory(pid: number) {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** Peak RSS growth of `pid` while `work` runs, in MiB: the high-water mark is reset first. */
async function measured<T>(pid: number, work: () => Promise<T>) {
  await writeFile(`/proc/${pid}/clear_refs`, '5');
  const before = await memory(pid);
  const result = await work();
  const after = await memory(pid);
  return { ...result, peakGrowthMiB: Math.round(((after.peak - before.rss) / 1024) * 10) / 10 };
}

/** The same rows through COPY … TO STDOUT (psql), to the end: how fast PostgreSQL hands them out. */
function copyOut(url: string, visitorId: string) {
  return new Promise<{ totalMs: number; bytes: number }>((resolve, reject) => {
    const start = now();
    let bytes = 0;
    const child = spawn('psql', [
      url,
      '-X',
      '-q',
      '-c',
      `\\copy (select m.* from conversations c join messages m on m.conversation_id = c.id and m.type = 'message' where c.visitor_id = '${visitorId}' order by c.created_at, c.id, m.seq) to stdout`,
    ]);
    child.stdout.on('data', (c: Buffer) => {
      bytes += c.length;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve({ totalMs: now() - start, bytes }) : reject(new Error(`psql exited ${code}`)),
    );
  });
}

const db = await freshDatabase('bench_export');
const ours = await startProcess(['apps/server/dist/main.mjs'], {
  DATABASE_URL: db.url,
  JWT_SECRET: 'a'.repeat(48),
  RATE_LIMIT_PER_MINUTE: '10000000',
});
const bare = await startProcess(['--import', 'tsx', 'bench/privacy-export/in-memory.ts'], { DATABASE_URL: db.url });
const client = new pg.Client({ connectionString: db.url });
await client.connect();
try {
  const signup = await request(`${ours.baseUrl}/api/v1/auth/signup`, {
    body: {
      organizationName: 'Export',
      slug: `export-${Date.now()}`,
      name: 'Admin',
      email: `export-${Date.now()}@bench.test`,
      password: 'correct horse battery staple',
    },
  });
  const token = signup.json.accessToken as string;
  const adminId = signup.json.agent.id as string;

  /** A visitor with `conversations` × 1,000 public messages (every other one theirs), seeded in SQL. */
  async function visitorWith(conversations: number) {
    const session = await request(`${ours.baseUrl}/api/v1/widget/sessions`, {
      body: { widgetKey: signup.json.organization.widgetKey, name: 'Vera Export', email: 'vera@bench.test' },
    });
    // In SQL too: through the API, startConversation's limit (20 a minute per visitor) would hold the seeding back.
    await client.query(
      `with n as (update organizations set conversation_counter = conversation_counter + $3
                  where id = $2 returning conversation_counter - $3 as first)
       insert into conversations (organization_id, number, visitor_id, client_id, created_at)
       select $2, n.first + g, $1, 'bench-conversation-' || g, now() - make_interval(hours => $3 - g)
       from n, generate_series(1, $3) g`,
      [session.json.visitorId, signup.json.organization.id, conversations],
    );
    await client.query(
      `insert into messages (organization_id, conversation_id, seq, type, author_type, author_id, body, created_at)
       select c.organization_id, c.id, s, 'message',
              case when s % 2 = 0 then 'agent' else 'visitor' end,
              case when s % 2 = 0 then $2::uuid else c.visitor_id end,
              'Message ' || s || ': ' || repeat('the parcel has not arrived yet, ', 6),
              now() - make_interval(secs => ${PER_CONVERSATION} - s)
       from conversations c, generate_series(1, ${PER_CONVERSATION}) s where c.visitor_id = $1`,
      [session.json.visitorId, adminId],
    );
    await client.query(
      `update conversations set last_message_seq = ${PER_CONVERSATION}, last_public_message_seq = ${PER_CONVERSATION}
       where visitor_id = $1`,
      [session.json.visitorId],
    );
    return session.json.visitorId as string;
  }
  const small = await visitorWith(10);
  const large = await visitorWith(40);
  await client.query('vacuum analyze');

  const exportOf = (id: string) => () => download(`${ours.baseUrl}/api/v1/visitors/${id}/export`, token);
  const inMemoryOf = (id: string) => () => download(`${bare.baseUrl}/export/${id}`);
  const runs = await alternate(
    ROUNDS,
    async () => ({
      copy: await copyOut(db.url, small),
      inMemory: await measured(bare.child.pid!, inMemoryOf(small)),
    }),
    async () => measured(ours.child.pid!, exportOf(small)),
  );
  const largeRuns = [];
  for (let i = 0; i < ROUNDS; i++) largeRuns.push(await measured(ours.child.pid!, exportOf(large)));
  const largeInMemory = [];
  for (let i = 0; i < ROUNDS; i++) largeInMemory.push(await measured(bare.child.pid!, inMemoryOf(large)));

  if (runs.ours.some((r) => r.status !== 200)) throw new Error('an export failed');
  const m = (values: number[]) => Math.round(median(values) * 10) / 10;
  const figures = {
    messages: 10 * PER_CONVERSATION,
    ours: {
      firstByteMs: m(runs.ours.map((r) => r.firstByteMs)),
      totalMs: m(runs.ours.map((r) => r.totalMs)),
      bytes: runs.ours[0]!.bytes,
      peakGrowthMiB: m(runs.ours.map((r) => r.peakGrowthMiB)),
    },
    copyToStdout: {
      totalMs: m(runs.baseline.map((r) => r.copy.totalMs)),
      bytes: runs.baseline[0]!.copy.bytes,
    },
    inMemory: {
      firstByteMs: m(runs.baseline.map((r) => r.inMemory.firstByteMs)),
      totalMs: m(runs.baseline.map((r) => r.inMemory.totalMs)),
      bytes: runs.baseline[0]!.inMemory.bytes,
      peakGrowthMiB: m(runs.baseline.map((r) => r.inMemory.peakGrowthMiB)),
    },
    at40k: {
      ours: {
        totalMs: m(largeRuns.map((r) => r.totalMs)),
        bytes: largeRuns[0]!.bytes,
        peakGrowthMiB: m(largeRuns.map((r) => r.peakGrowthMiB)),
      },
      inMemory: {
        totalMs: m(largeInMemory.map((r) => r.totalMs)),
        peakGrowthMiB: m(largeInMemory.map((r) => r.peakGrowthMiB)),
      },
    },
    rounds: ROUNDS,
  };
  await report('privacy-export', figures, [
    {
      what: 'export of 10,000 messages, to the last byte',
      value: figures.ours.totalMs,
      target: 1000,
      op: 'below',
      unit: ' ms',
    },
    { what: 'first byte', value: figures.ours.firstByteMs, target: 100, op: 'below', unit: ' ms' },
    {
      what: `peak memory growth, 10,000 messages (in memory: ${figures.inMemory.peakGrowthMiB} MiB)`,
      value: figures.ours.peakGrowthMiB,
      target: figures.inMemory.peakGrowthMiB,
      op: 'below',
      unit: ' MiB',
    },
    {
      what: 'peak memory growth, 40,000 messages (flat: at most 10,000’s + 8 MiB)',
      value: figures.at40k.ours.peakGrowthMiB,
      target: figures.ours.peakGrowthMiB + 8,
      op: 'below',
      unit: ' MiB',
    },
  ]);
} finally {
  await client.end();
  await ours.stop();
  await bare.stop();
  await db.drop();
}
