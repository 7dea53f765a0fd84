// Benchmark 1: the message pipeline. Visitors post over the public widget API; 20 agents receive on real
// sockets. Baseline: a bare Node process doing one INSERT and one Socket.IO room emit per message.
// Open loop at 1,000 messages/s (latency from each message's scheduled time), then closed-loop saturation.
import { alternate, freshDatabase, report, startProcess } from './lib.js';
import {
  connectAgents,
  medianOf,
  type PhaseResult,
  phase,
  setupBaseline,
  setupOurs,
  startSender,
} from './pipeline/harness.js';

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const OPEN_MS = Number(process.env.BENCH_OPEN_MS ?? 5000);
const CLOSED_MS = Number(process.env.BENCH_CLOSED_MS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const VISITORS = 1000;

const oursDb = await freshDatabase('bench_pipeline');
const baseDb = await freshDatabase('bench_baseline');
const ours = await startProcess(['apps/server/dist/main.mjs'], {
  DATABASE_URL: oursDb.url,
  JWT_SECRET: 'b'.repeat(48),
  DATABASE_POOL_SIZE: '10',
});
const base = await startProcess(['--import', 'tsx', 'bench/pipeline/baseline-server.ts'], { DATABASE_URL: baseDb.url });
const sender = startSender();
try {
  const o = await setupOurs(ours.baseUrl, VISITORS);
  const b = setupBaseline(VISITORS);
  const oursAgents = await connectAgents(ours.baseUrl, o.agentAuth);
  const baseAgents = await connectAgents(base.baseUrl, b.agentAuth);
  const at = (which: 'ours' | 'base') =>
    which === 'ours'
      ? { agents: oursAgents, postTo: { baseUrl: ours.baseUrl, pids: [ours.child.pid!] }, targets: o.targets }
      : { agents: baseAgents, postTo: { baseUrl: base.baseUrl, pids: [base.child.pid!] }, targets: b.targets };

  const open = { kind: 'open' as const, rate: RATE, durationMs: OPEN_MS };
  const closed = { kind: 'closed' as const, concurrency: CONCURRENCY, durationMs: CLOSED_MS };
  const openRuns = await alternate(
    2,
    () => phase({ sender, ...at('base'), load: open }),
    () => phase({ sender, ...at('ours'), load: open }),
  );
  const closedRuns = await alternate(
    2,
    () => phase({ sender, ...at('base'), load: closed }),
    () => phase({ sender, ...at('ours'), load: closed }),
  );
  oursAgents.close();
  baseAgents.close();

  const summary = (rs: PhaseResult[]) => ({
    storedPerSecond: medianOf(rs, (r) => r.storedPerSecond),
    deliveriesPerSecond: medianOf(rs, (r) => Math.round((r.deliveries / r.stored) * r.storedPerSecond)),
    p50: medianOf(rs, (r) => r.latencyMs.p50),
    p99: medianOf(rs, (r) => r.latencyMs.p99),
    max: Math.max(...rs.map((r) => r.latencyMs.max)),
    lost: rs.reduce((a, r) => a + r.lost, 0),
    duplicates: rs.reduce((a, r) => a + r.duplicates, 0),
    serverCpuMsPerMessage: medianOf(rs, (r) => r.serverCpuMsPerMessage),
  });
  const oOpen = summary(openRuns.ours);
  const bOpen = summary(openRuns.baseline);
  const oSat = summary(closedRuns.ours);
  const bSat = summary(closedRuns.baseline);
  const ratio = Math.round((oSat.storedPerSecond / bSat.storedPerSecond) * 100) / 100;
  await report(
    'pipeline',
    {
      setup: {
        visitors: VISITORS,
        agents: 20,
        rate: RATE,
        openMs: OPEN_MS,
        closedMs: CLOSED_MS,
        concurrency: CONCURRENCY,
      },
      open: { ours: oOpen, baseline: bOpen },
      saturation: { ours: oSat, baseline: bSat, ratio },
      rounds: { open: openRuns, closed: closedRuns },
      serverErrors: ours.output
        .join('')
        .split('\n')
        .filter((l) => /"level":(40|50|60)/.test(l))
        .slice(0, 5),
    },
    [
      { what: `p50 visitor→agent at ${RATE}/s`, value: oOpen.p50, target: 5, op: 'below', unit: ' ms' },
      { what: `p99 visitor→agent at ${RATE}/s`, value: oOpen.p99, target: 25, op: 'below', unit: ' ms' },
      { what: 'messages lost (open loop)', value: oOpen.lost + oOpen.duplicates, target: 1, op: 'below' },
      { what: 'saturation throughput vs baseline', value: ratio, target: 0.5, op: 'above' },
    ],
  );
} finally {
  sender.stop();
  await ours.stop();
  await base.stop();
  await oursDb.drop();
  await baseDb.drop();
}
