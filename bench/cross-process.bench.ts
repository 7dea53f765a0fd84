// Benchmark 2: the pipeline across processes. Two server processes share PostgreSQL and Redis; visitors post
// to process A while the 20 agents are connected to A (same process) or to B (through Redis), alternately.
import { Redis } from 'ioredis';
import { alternate, freshDatabase, REDIS_URL, report, startProcess } from './lib.js';
import { connectAgents, medianOf, type PhaseResult, phase, setupOurs, startSender } from './pipeline/harness.js';

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const OPEN_MS = Number(process.env.BENCH_OPEN_MS ?? 5000);
const redisUrl = `${REDIS_URL}/2`;
const redis = new Redis(redisUrl);
await redis.flushdb(); // rate-limit counters of an earlier run
redis.disconnect();

const db = await freshDatabase('bench_cross');
const env = { DATABASE_URL: db.url, JWT_SECRET: 'c'.repeat(48), REDIS_URL: redisUrl };
const a = await startProcess(['apps/server/dist/main.mjs'], env);
const b = await startProcess(['apps/server/dist/main.mjs'], env);
const sender = startSender();
try {
  const setup = await setupOurs(a.baseUrl, 1000);
  const load = { kind: 'open' as const, rate: RATE, durationMs: OPEN_MS };
  const run = async (agentsOn: string) => {
    const agents = await connectAgents(agentsOn, setup.agentAuth);
    try {
      return await phase({
        sender,
        agents,
        postTo: { baseUrl: a.baseUrl, pids: [a.child.pid!, b.child.pid!] },
        targets: setup.targets,
        load,
      });
    } finally {
      agents.close();
    }
  };
  const rounds = await alternate(
    2,
    () => run(a.baseUrl),
    () => run(b.baseUrl),
  );
  const summary = (rs: PhaseResult[]) => ({
    p50: medianOf(rs, (r) => r.latencyMs.p50),
    p99: medianOf(rs, (r) => r.latencyMs.p99),
    max: Math.max(...rs.map((r) => r.latencyMs.max)),
    lost: rs.reduce((s, r) => s + r.lost + r.duplicates, 0),
    serverCpuMsPerMessage: medianOf(rs, (r) => r.serverCpuMsPerMessage),
  });
  const same = summary(rounds.baseline);
  const cross = summary(rounds.ours);
  const extra = Math.round((cross.p50 - same.p50) * 100) / 100;
  await report(
    'cross-process',
    {
      setup: { rate: RATE, openMs: OPEN_MS, agents: 20, visitors: 1000 },
      sameProcess: same,
      crossProcess: cross,
      extraP50Ms: extra,
      rounds,
    },
    [
      { what: 'extra p50 through Redis', value: extra, target: 1, op: 'below', unit: ' ms' },
      { what: 'messages lost across processes', value: cross.lost, target: 1, op: 'below' },
    ],
  );
} finally {
  sender.stop();
  await a.stop();
  await b.stop();
  await db.drop();
}
