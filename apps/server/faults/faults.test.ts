/**
 * The fault suite (`npm run test:faults`): two server processes on Redis and on a PostgreSQL cluster of the suite's
 * own, behind a TCP fault proxy, under steady load from two other processes (30 visitors and 2 agents, sockets with
 * REST as the fallback, every per-address limit on). Each fault is injected, held, healed; then the load pauses and
 * the suite checks that every acknowledged message is stored exactly once, every client received every message it
 * may see once and in order, and nothing was answered with a 500. The figures go to bench/results/faults.json.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClient } from '@oceras/protocol/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startRedis, startServerProcess } from '../test/processes.js';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy.js';
import { type LoadWorker, startLoad } from './load.js';
import type { LoadReport } from './load-worker.js';
import { type PrivatePostgres, startPrivatePostgres } from './private-postgres.js';

const RESULTS = fileURLToPath(new URL('../../../bench/results/faults.json', import.meta.url));
const QUERY_TIMEOUT_MS = 3000;

let postgres: PrivatePostgres;
let proxy: TcpProxy;
let redis: Awaited<ReturnType<typeof startRedis>>;
let env: Record<string, string>;
const procs: ServerProcess[] = [];
let visitors: LoadWorker;
let agents: LoadWorker;
let organizationId: string;
const figures: Record<string, unknown>[] = [];

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  proxy = await startTcpProxy({ host: '127.0.0.1', port: postgres.port });
  redis = await startRedis();
  env = {
    DATABASE_URL: `postgres://postgres@127.0.0.1:${proxy.port}/postgres`,
    DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
    REDIS_URL: redis.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    TRUST_PROXY: 'true',
  };
  procs.push(await startServerProcess(env, { readyMs: 60_000 }));
  procs.push(await startServerProcess(env, { readyMs: 60_000 }));
  const baseUrls = procs.map((p) => p.baseUrl);

  const api = createClient({ baseUrl: baseUrls[0]!, headers: { 'x-forwarded-for': '10.9.0.1' } });
  const admin = await api.call('signup', {
    body: {
      organizationName: 'Faults Inc',
      slug: `faults-${randomUUID().slice(0, 8)}`,
      name: 'Ada Admin',
      email: `ada-${randomUUID()}@example.com`,
      password: 'correct horse battery',
    },
  });
  organizationId = admin.organization.id;
  const invite = await createClient({ ...api, baseUrl: baseUrls[0]!, getToken: () => admin.accessToken }).call(
    'createInvitation',
    { body: { email: `bob-${randomUUID()}@example.com`, role: 'manager' } },
  );
  const bob = await api.call('acceptInvitation', {
    body: { token: invite.inviteUrl!.split('#token=')[1]!, name: 'Bob Manager', password: 'correct horse battery' },
  });
  // Agents first, so that they see every conversation start.
  agents = await startLoad({
    role: 'agent',
    baseUrls,
    tokens: [admin.accessToken, bob.accessToken],
    ratePerSec: 4,
    addressOctet: 1,
  });
  visitors = await startLoad({
    role: 'visitor',
    baseUrls,
    widgetKey: admin.organization.widgetKey,
    count: 30,
    ratePerSec: 12,
    addressOctet: 2,
  });
}, 180_000);

afterAll(async () => {
  // The server processes' own output, for a failure's diagnosis: FAULTS_LOG_DIR=/tmp/faults npm run test:faults.
  const logs = process.env.FAULTS_LOG_DIR;
  if (logs) {
    mkdirSync(logs, { recursive: true });
    for (const [i, p] of procs.entries()) writeFileSync(`${logs}/server-${i}.log`, p.output.join(''));
  }
  await visitors?.close();
  await agents?.close();
  await Promise.all(procs.map((p) => p.stop()));
  await redis?.stop();
  await proxy?.close();
  await postgres?.destroy();
  if (figures.length) {
    mkdirSync(fileURLToPath(new URL('.', `file://${RESULTS}`)), { recursive: true });
    writeFileSync(
      RESULTS,
      `${JSON.stringify({ date: new Date().toISOString(), queryTimeoutMs: QUERY_TIMEOUT_MS, scenarios: figures }, null, 2)}\n`,
    );
  }
});

const hold = (ms: number) => new Promise((r) => setTimeout(r, ms));
const reports = async () => [await visitors.report(), await agents.report()];
const failureCounts = (rs: LoadReport[]) => {
  const all: Record<string, number> = {};
  for (const r of rs) for (const [k, n] of Object.entries(r.failures)) all[k] = (all[k] ?? 0) + n;
  return all;
};
const diff = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(after)
      .map(([k, n]) => [k, n - (before[k] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );

/** Straight to the cluster, not through the fault proxy. */
async function stored() {
  const db = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${postgres.port}/postgres` });
  await db.connect();
  try {
    const { rows } = await db.query<{
      id: string;
      conversation_id: string;
      client_id: string | null;
      type: string;
      body: string;
    }>('select id, conversation_id, client_id, type, body from messages where organization_id = $1', [organizationId]);
    return rows;
  } finally {
    await db.end();
  }
}

/** Pauses the load, lets every outbox drain and every stream catch up, and checks all of it against the database. */
async function expectNothingLostOrDoubled() {
  await visitors.stop();
  await agents.stop();
  await expect
    .poll(async () => (await reports()).reduce((n, r) => n + r.pending, 0), {
      timeout: 60_000,
      interval: 200,
      message: `every outbox drained (refusals so far: ${JSON.stringify(failureCounts(await reports()))})`,
    })
    .toBe(0);
  const rows = await stored();
  const [v, a] = await reports();
  const acks = [...v!.acks, ...a!.acks];
  const byClientId = new Map(rows.filter((r) => r.client_id).map((r) => [r.client_id!, r]));
  // Every acknowledged message is stored, once (a unique key per conversation and clientId), where it was sent.
  expect(new Set(acks.map((k) => k.clientId)).size).toBe(acks.length);
  const missing = acks.filter((k) => byClientId.get(k.clientId)?.conversation_id !== k.conversationId);
  expect(missing).toEqual([]);
  // And nothing is stored that its sender was not told about: each stored load message was acknowledged.
  expect(rows.filter((r) => r.body.startsWith('load ')).length).toBe(acks.length);
  const ids = new Set(rows.map((r) => r.id));

  // Every stream: each event once, in the order of its sequence, and every message it may see.
  await expect
    .poll(
      async () => {
        const [vr, ar] = await reports();
        const late: string[] = [];
        for (const d of ar!.deliveries) {
          const got = new Set(d.events.filter((e) => e.messageId).map((e) => e.messageId!));
          const notYet = [...ids].filter((id) => !got.has(id)).length;
          if (notYet) late.push(`${d.who}: ${notYet} not yet`);
        }
        for (const d of vr!.deliveries) {
          const conversationId = d.conversationId;
          const got = new Set(d.events.map((e) => e.messageId));
          const notYet = rows.filter((r) => r.conversation_id === conversationId && r.type === 'message');
          if (notYet.some((r) => !got.has(r.id))) late.push(`${d.who}: not caught up`);
        }
        return late;
      },
      { timeout: 30_000, interval: 250, message: 'every client caught up' },
    )
    .toEqual([]);
  // What each stream holds now that it caught up: one report per worker, not one per client.
  for (const d of (await reports()).flatMap((r) => r.deliveries)) {
    const seqs = d.events.map((e) => e.seq);
    expect(seqs, `${d.who} in order, no duplicate`).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size, `${d.who} no duplicate`).toBe(seqs.length);
    expect(d.syncRequired, `${d.who} never had to resynchronize`).toBe(0);
  }
  await visitors.start();
  await agents.start();
  return { acked: acks.length, stored: rows.length };
}

/** Injects a fault, holds it, heals it, and measures how the load lived through it. */
async function survive(name: string, inject: () => Promise<() => Promise<void>>, holdMs: number) {
  await hold(2000); // steady load before
  const before = failureCounts(await reports());
  const faultAt = Date.now();
  const heal = await inject();
  await hold(holdMs);
  await heal();
  const healedAt = Date.now();
  // Recovered: a message first tried after the healing is acknowledged.
  await expect
    .poll(
      async () => {
        const acks = (await reports()).flatMap((r) => r.acks).filter((k) => k.firstTriedAt >= healedAt);
        return acks.length ? Math.min(...acks.map((k) => k.ackedAt)) : 0;
      },
      { timeout: 60_000, interval: 50, message: `${name}: a message acknowledged after healing` },
    )
    .toBeGreaterThan(0);
  const after = await reports();
  const acks = after.flatMap((r) => r.acks);
  const firstAfter = Math.min(...acks.filter((k) => k.ackedAt >= healedAt).map((k) => k.ackedAt));
  const during = acks.filter((k) => k.firstTriedAt >= faultAt && k.firstTriedAt < healedAt);
  const failures = diff(failureCounts(after), before);
  // Refused while down, never failed: no 500 over REST, no INTERNAL over the sockets.
  expect(
    Object.keys(failures).filter((k) => /^rest 5(?!03)|INTERNAL/.test(k)),
    `${name}: no 500`,
  ).toEqual([]);
  const totals = await expectNothingLostOrDoubled();
  figures.push({
    scenario: name,
    heldMs: holdMs,
    recoveryMs: Math.max(0, firstAfter - healedAt),
    sentDuringFault: during.length,
    worstAckDuringFaultMs: during.length ? Math.max(...during.map((k) => k.ackedAt - k.firstTriedAt)) : null,
    refusals: failures,
    ...totals,
  });
  return failures;
}

describe('under steady load', () => {
  it('PostgreSQL connections reset: nothing lost, nothing doubled', async () => {
    await survive(
      'postgres connections reset',
      async () => {
        proxy.cut();
        return async () => proxy.restore();
      },
      1000,
    );
  });

  it('PostgreSQL stopped and started again: refused with 503/UNAVAILABLE meanwhile, then caught up', async () => {
    const failures = await survive(
      'postgres stopped 5 s',
      async () => {
        postgres.stop('immediate');
        return async () => void postgres.start();
      },
      5000,
    );
    expect(Object.keys(failures).some((k) => k === 'rest 503' || k === 'socket UNAVAILABLE')).toBe(true);
  });

  it('PostgreSQL frozen (SIGSTOP) for 15 s: calls fail fast with UNAVAILABLE rather than hang', async () => {
    const failures = await survive(
      'postgres frozen 15 s (SIGSTOP)',
      async () => {
        const thaw = postgres.freeze();
        return async () => thaw();
      },
      15_000,
    );
    expect(failures['socket timeout'] ?? 0, 'no socket call left unanswered').toBe(0);
  });

  it('a half-open link to PostgreSQL (nothing carried) for 8 s, then 200 ms of latency', async () => {
    await survive(
      'postgres link stalled 8 s',
      async () => {
        proxy.stall();
        return async () => proxy.resume();
      },
      8000,
    );
    await survive(
      'postgres 200 ms latency for 5 s',
      async () => {
        proxy.setLatency(200);
        return async () => proxy.setLatency(0);
      },
      5000,
    );
  });

  it('Redis stopped under two processes: delivery goes on through PostgreSQL', async () => {
    await survive(
      'redis stopped 5 s',
      async () => {
        await redis.stop();
        return async () => {
          redis = await startRedis(redis.port);
        };
      },
      5000,
    );
  });

  it('a server process killed (kill -9) and started again: its clients move to the other one', async () => {
    await survive(
      'server process kill -9',
      async () => {
        const victim = procs[1]!;
        await victim.stop('SIGKILL');
        return async () => {
          procs[1] = await startServerProcess(env, { readyMs: 60_000, port: victim.port });
        };
      },
      2000,
    );
  });
});
