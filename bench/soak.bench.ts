// Soak (`npm run bench -- soak`, only by name): `npm run cluster` (three processes behind nginx, on PostgreSQL and
// Redis) under 2,000 visitors and 50 agents for SOAK_MINUTES (10) at half the machine's saturation rate (the
// pipeline bench's bare baseline, measured earlier that day; SOAK_RATE overrides), sockets dropping at random and
// coming back with their last seq. Every acknowledged message must be stored once, every stream must hold every
// message it may see, in order, once; and each process's live heap (after a full collection, by
// bench/soak/heap-probe.cjs, at the end of the warm-up and at the end) must not grow by 5 % or more.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@oceras/protocol/client';
import pg from 'pg';
import { startLoad } from '../apps/server/faults/load.js';
import type { LoadReport } from '../apps/server/faults/load-worker.js';
import { freePort, freshDatabase, REDIS_URL, ROOT, report, rssKiB, sleep, stats } from './lib.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const VISITORS = Number(process.env.SOAK_VISITORS ?? 2000);
const AGENTS = Number(process.env.SOAK_AGENTS ?? 50);
const VISITOR_WORKERS = 4;
const PROCESSES = 3;

/** Half the bare baseline's saturation, from the pipeline bench's last result, unless SOAK_RATE says. */
function halfSaturation(): { rate: number; from: string } {
  if (process.env.SOAK_RATE) return { rate: Number(process.env.SOAK_RATE), from: 'SOAK_RATE' };
  const file = path.join(ROOT, 'bench/results/pipeline.json');
  if (!existsSync(file)) return { rate: 300, from: 'default (no pipeline result)' };
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return { rate: r.figures.setup.halfRate, from: `bench/results/pipeline.json of ${r.date}` };
}

/** The pid listening on a port (the cluster's processes are started by deploy/cluster.sh, not by us). */
function pidOn(port: number): number {
  const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`nothing listens on ${port}`);
  return Number(pid);
}

/** Where the cluster's processes write their live heap when asked (bench/soak/heap-probe.cjs). */
const heapDir = mkdtempSync(path.join(tmpdir(), 'oceras-soak-heap-'));

/**
 * A process's live heap in bytes, and how long the probe paused it: SIGUSR2 makes its preloaded probe collect
 * garbage and write V8's heap used, a file per process.
 */
async function liveHeap(pid: number): Promise<{ bytes: number; pauseMs: number }> {
  const file = path.join(heapDir, `heap.${pid}.json`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 600; i++) {
    await sleep(100);
    if (existsSync(file)) {
      const r = JSON.parse(readFileSync(file, 'utf8')) as { heapUsed: number; pauseMs: number };
      return { bytes: r.heapUsed, pauseMs: Math.round(r.pauseMs) };
    }
  }
  throw new Error(`no live heap from ${pid}`);
}

const { rate, from } = halfSaturation();
const db = await freshDatabase('bench_soak');
const port = await freePort();
const basePort = await freePort();
const dataDir = mkdtempSync(path.join(tmpdir(), 'oceras-soak-'));
const cluster: ChildProcess = spawn('bash', ['deploy/cluster.sh'], {
  cwd: ROOT,
  env: {
    ...process.env,
    CLUSTER_PORT: String(port),
    CLUSTER_BASE_PORT: String(basePort),
    CLUSTER_PROCESSES: String(PROCESSES),
    CLUSTER_SKIP_BUILD: '1',
    DATABASE_URL: db.url,
    REDIS_URL,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // The load workers stand for a proxy in front of nginx that sets X-Forwarded-For (one address per visitor, so
    // per-address limits hold per visitor as they would in production).
    TRUST_PROXY: '2',
    NODE_OPTIONS: `--expose-gc --require ${path.join(ROOT, 'bench/soak/heap-probe.cjs')}`,
    SOAK_HEAP_DIR: heapDir,
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const url = `http://127.0.0.1:${port}`;
const workers: Awaited<ReturnType<typeof startLoad>>[] = [];
try {
  for (let i = 0; ; i++) {
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 600 || cluster.exitCode !== null) throw new Error('the cluster did not start');
    await sleep(100);
  }
  const pids = Array.from({ length: PROCESSES }, (_, i) => pidOn(basePort + i));

  // One organization, its admin and 49 more agents (each from an address of its own: sign-up and invitation
  // acceptance are limited per address).
  const from_ = (i: number) => ({ 'x-forwarded-for': `10.99.${i >> 8}.${i & 255}` });
  const api = createClient({ baseUrl: url, headers: from_(0) });
  const admin = await api.call('signup', {
    body: {
      organizationName: 'Soak',
      slug: `soak-${Date.now()}`,
      name: 'Ada Admin',
      email: `ada-${Date.now()}@soak.test`,
      password: 'correct horse battery',
    },
  });
  const adminApi = createClient({ baseUrl: url, headers: from_(0), getToken: () => admin.accessToken });
  const tokens = [admin.accessToken];
  const refreshTokens = [admin.refreshToken];
  for (let i = 1; i < AGENTS; i++) {
    const invite = await adminApi.call('createInvitation', {
      body: { email: `agent-${i}-${Date.now()}@soak.test`, role: 'agent' },
    });
    const agent = await createClient({ baseUrl: url, headers: from_(i) }).call('acceptInvitation', {
      body: { token: invite.inviteUrl!.split('#token=')[1]!, name: `Agent ${i}`, password: 'correct horse battery' },
    });
    tokens.push(agent.accessToken);
    refreshTokens.push(agent.refreshToken);
  }

  // Agents first (they see every conversation start), then the visitors, each worker a process of its own.
  const common = { baseUrls: [url], summary: true };
  workers.push(
    await startLoad({
      ...common,
      role: 'agent',
      tokens,
      refreshTokens,
      ratePerSec: rate * 0.1,
      addressOctet: 1,
      churnPerSec: 0.5,
    }),
  );
  const setupStarted = Date.now();
  for (let w = 0; w < VISITOR_WORKERS; w++) {
    workers.push(
      await startLoad({
        ...common,
        role: 'visitor',
        widgetKey: admin.organization.widgetKey,
        count: VISITORS / VISITOR_WORKERS,
        ratePerSec: (rate * 0.9) / VISITOR_WORKERS,
        addressOctet: 2 + w,
        churnPerSec: 2,
      }),
    );
  }
  const setupMs = Date.now() - setupStarted;
  console.log(`soak: ${VISITORS} visitors and ${AGENTS} agents connected in ${setupMs} ms; ${rate} msg/s (${from})`);

  const warmupMs = Math.min(120_000, MINUTES * 60_000 * 0.2);
  await sleep(warmupMs);
  const heapStart: number[] = [];
  const pausesMs: number[] = [];
  for (const pid of pids) {
    const h = await liveHeap(pid);
    heapStart.push(h.bytes);
    pausesMs.push(h.pauseMs);
  }
  const rssStart = await Promise.all(pids.map(rssKiB));
  const loadStarted = Date.now();
  await sleep(MINUTES * 60_000 - warmupMs);
  const heapEnd: number[] = [];
  for (const pid of pids) {
    const h = await liveHeap(pid);
    heapEnd.push(h.bytes);
    pausesMs.push(h.pauseMs);
  }
  const rssEnd = await Promise.all(pids.map(rssKiB));

  // Stop making messages, let every outbox drain and every stream catch up, then compare with the database.
  for (const w of workers) await w.stop();
  const reports = async () => Promise.all(workers.map((w) => w.report()));
  let rs: LoadReport[] = await reports();
  for (let i = 0; i < 240 && rs.some((r) => r.pending > 0); i++) {
    await sleep(500);
    rs = await reports();
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const everything = (
    await client.query<{ conversation_id: string; client_id: string | null; type: string }>(
      `select conversation_id, client_id, type from messages where organization_id = $1`,
      [admin.organization.id],
    )
  ).rows;
  await client.end();
  // Agents see every message of the organization, the system lines too (an automatic assignment writes one);
  // a visitor sees the public messages of their conversation.
  const agentsSee = everything.length;
  const rows = everything.filter((r) => r.type === 'message');
  const perConversation = new Map<string, number>();
  for (const r of rows) perConversation.set(r.conversation_id, (perConversation.get(r.conversation_id) ?? 0) + 1);
  // Streams catch up after the last message: wait until every count is what the database holds, or a minute.
  const behind = (r: LoadReport[]) =>
    r.flatMap((w, i) =>
      w.deliveries.filter((d) =>
        i === 0 ? d.messages !== agentsSee : d.messages !== perConversation.get(d.conversationId ?? ''),
      ),
    );
  for (let i = 0; i < 120 && behind(rs).length; i++) {
    await sleep(500);
    rs = await reports();
  }
  const acks = rs.flatMap((r) => r.acks);
  const storedIds = new Set(rows.map((r) => r.client_id));
  const lost = acks.filter((a) => !storedIds.has(a.clientId)).length;
  const duplicateAcks = acks.length - new Set(acks.map((a) => a.clientId)).size;
  const deliveries = rs.flatMap((r) => r.deliveries);
  const outOfOrder = deliveries.reduce((n, d) => n + (d.outOfOrder ?? 0), 0);
  const missedStreams = behind(rs).length;
  // What a lagging stream lacks (its count against the database's, its sync.required and reconnects), to tell a
  // lost event from a stream cut off.
  const lagging = rs.flatMap((w, i) =>
    w.deliveries
      .map((d) => ({
        who: d.who,
        expected: i === 0 ? agentsSee : (perConversation.get(d.conversationId ?? '') ?? 0),
        got: d.messages ?? 0,
        syncRequired: d.syncRequired,
        reconnects: d.reconnects ?? 0,
      }))
      .filter((d) => d.expected !== d.got),
  );
  if (lagging.length) console.log('streams behind (first 10):', JSON.stringify(lagging.slice(0, 10)));
  const failures: Record<string, number> = {};
  for (const r of rs) for (const [k, n] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + n;
  const growth = heapStart.map((s, i) => Math.round(((heapEnd[i]! - s) / s) * 1000) / 10);
  const latency = stats(acks.filter((a) => a.firstTriedAt >= loadStarted).map((a) => a.ackedAt - a.firstTriedAt));

  await report(
    'soak',
    {
      minutes: MINUTES,
      visitors: VISITORS,
      agents: AGENTS,
      processes: PROCESSES,
      targetRate: rate,
      rateFrom: from,
      setupMs,
      acked: acks.length,
      stored: rows.length,
      achievedRate: Math.round(acks.length / MINUTES / 60),
      ackLatencyMs: latency,
      reconnects: deliveries.reduce((n, d) => n + (d.reconnects ?? 0), 0),
      syncRequired: deliveries.reduce((n, d) => n + d.syncRequired, 0),
      refusals: failures,
      liveHeapMiB: {
        start: heapStart.map((b) => Math.round((b / 2 ** 20) * 10) / 10),
        end: heapEnd.map((b) => Math.round((b / 2 ** 20) * 10) / 10),
      },
      heapGrowthPercent: growth,
      /** How long each measurement paused its process (two full collections). */
      heapProbePauseMs: pausesMs,
      rssMiB: { start: rssStart.map((k) => Math.round(k / 1024)), end: rssEnd.map((k) => Math.round(k / 1024)) },
    },
    [
      { what: 'acknowledged messages not stored', value: lost, target: 1, op: 'below' },
      { what: 'messages acknowledged twice', value: duplicateAcks, target: 1, op: 'below' },
      { what: 'events out of order or twice, all streams', value: outOfOrder, target: 1, op: 'below' },
      { what: 'streams missing messages after the catch-up', value: missedStreams, target: 1, op: 'below' },
      { what: 'live heap growth, worst process', value: Math.max(...growth), target: 5, op: 'below', unit: ' %' },
    ],
  );
} finally {
  for (const w of workers) await w.close().catch(() => undefined);
  const exited = new Promise((r) => cluster.once('exit', r));
  cluster.kill('SIGTERM');
  await exited;
  await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(heapDir, { recursive: true, force: true });
}
