// Benchmark 6: start-up to ready on PostgreSQL (process spawned → /readyz answers 200) and the idle memory of one
// process, against a bare Fastify + pg process that connects to the same database and answers /readyz.
import { alternate, freshDatabase, now, report, rssKiB, sleep, startProcess } from './lib.js';

const db = await freshDatabase('bench_startup');
const env = { DATABASE_URL: db.url, JWT_SECRET: 's'.repeat(48) };

async function once(args: string[]) {
  const t = now();
  const p = await startProcess(args, env, '/readyz', 30_000);
  const readyMs = Math.round(now() - t);
  await sleep(3000);
  const rssMiB = Math.round((await rssKiB(p.child.pid!)) / 1024);
  await p.stop();
  return { readyMs, rssMiB };
}
try {
  await once(['apps/server/dist/main.mjs']); // migrations run on the first start, not measured
  const rounds = await alternate(
    3,
    () => once(['bench/startup/bare.mjs']),
    () => once(['apps/server/dist/main.mjs']),
  );
  const med = (rs: { readyMs: number }[]) =>
    [...rs.map((r) => r.readyMs)].sort((a, b) => a - b)[Math.floor(rs.length / 2)]!;
  const ours = { readyMs: med(rounds.ours), rssMiB: Math.max(...rounds.ours.map((r) => r.rssMiB)) };
  const bare = { readyMs: med(rounds.baseline), rssMiB: Math.max(...rounds.baseline.map((r) => r.rssMiB)) };
  await report('startup', { ours, bare, rounds }, [
    // A ratio, as every time goal: the bare process itself took 175–474 ms on different days. 2.2 is the first
    // goal (400 ms) over the baseline it was set against (183 ms); the absolute times stay in the results.
    {
      what: `start-up to ready (PostgreSQL), ${ours.readyMs} ms, over the bare ${bare.readyMs} ms`,
      value: Math.round((ours.readyMs / bare.readyMs) * 100) / 100,
      target: 2.2,
      op: 'below',
      unit: '×',
    },
    { what: 'idle memory of one process', value: ours.rssMiB, target: 120, op: 'below', unit: ' MiB' },
  ]);
} finally {
  await db.drop();
}
