// Benchmark 1: the message pipeline, for a mix of organizations (pipeline.bench.ts: one with 20 agent sockets;
// pipeline-organizations.bench.ts: 200 with 2 each). Visitors post over the public widget API; agents receive on
// real sockets. Baseline: a bare Node process doing one INSERT and one Socket.IO room emit per message.
// Closed-loop saturation first; then open loops (latency from each message's scheduled time) at half the
// baseline's saturation rate found in this run, where the goals are ratios to the baseline, so they mean the same
// on a slow or a fast machine; and at 1,000 messages/s, kept as information (on a slow machine the baseline itself
// saturates near there). BENCH_POOLER=1 runs ours with DATABASE_POOLER=transaction (unnamed statements).
import pg from 'pg';
import { alternate, freshDatabase, report, startProcess } from '../lib.js';
import {
  connectAgents,
  type Mix,
  medianOf,
  type PhaseResult,
  phase,
  setupBaseline,
  setupOurs,
  startSender,
} from './harness.js';

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const OPEN_MS = Number(process.env.BENCH_OPEN_MS ?? 5000);
const CLOSED_MS = Number(process.env.BENCH_CLOSED_MS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const VISITORS = 1000;

/**
 * Benchmark 1 for one mix of organizations (`name` is the results file): closed-loop saturation, open loops at half
 * the baseline's saturation and at RATE, ours alternated with the baseline.
 */
export async function runPipeline(name: string, mix: Mix) {
  const oursDb = await freshDatabase(`bench_${name.replaceAll('-', '_')}`);
  const baseDb = await freshDatabase(`bench_${name.replaceAll('-', '_')}_baseline`);
  const ours = await startProcess(['apps/server/dist/main.mjs'], {
    DATABASE_URL: oursDb.url,
    JWT_SECRET: 'b'.repeat(48),
    DATABASE_POOL_SIZE: '10',
    ...(process.env.BENCH_POOLER ? { DATABASE_POOLER: 'transaction' } : {}),
  });
  // BENCH_SEARCH_INDEX=0 drops the search index once the server has migrated (an experiment, with
  // BENCH_AUTO_ASSIGNMENT=0, to see what search and assignment cost the message path).
  const searchIndex = process.env.BENCH_SEARCH_INDEX !== '0';
  if (!searchIndex) {
    const c = new pg.Client({ connectionString: oursDb.url });
    await c.connect();
    await c.query('drop index messages_search_idx');
    await c.end();
  }
  const base = await startProcess(['--import', 'tsx', 'bench/pipeline/baseline-server.ts'], {
    DATABASE_URL: baseDb.url,
  });
  const sender = startSender();
  try {
    const o = await setupOurs(ours.baseUrl, VISITORS, mix);
    const b = setupBaseline(VISITORS, mix);
    const oursAgents = await connectAgents(ours.baseUrl, o.agentAuth);
    const baseAgents = await connectAgents(base.baseUrl, b.agentAuth);
    const at = (which: 'ours' | 'base') =>
      which === 'ours'
        ? {
            agents: oursAgents,
            postTo: { baseUrl: ours.baseUrl, pids: [ours.child.pid!] },
            targets: o.targets,
            agentsPerMessage: mix.agentsPerOrganization,
          }
        : {
            agents: baseAgents,
            postTo: { baseUrl: base.baseUrl, pids: [base.child.pid!] },
            targets: b.targets,
            agentsPerMessage: mix.agentsPerOrganization,
          };

    const closed = { kind: 'closed' as const, concurrency: CONCURRENCY, durationMs: CLOSED_MS };
    const closedRuns = await alternate(
      2,
      () => phase({ sender, ...at('base'), load: closed }),
      () => phase({ sender, ...at('ours'), load: closed }),
    );
    const halfRate = Math.round(medianOf(closedRuns.baseline, (r) => r.storedPerSecond) / 2);
    const openAt = async (rate: number) => {
      const load = { kind: 'open' as const, rate, durationMs: OPEN_MS };
      return alternate(
        2,
        () => phase({ sender, ...at('base'), load }),
        () => phase({ sender, ...at('ours'), load }),
      );
    };
    const halfRuns = await openAt(halfRate);
    const openRuns = await openAt(RATE);
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
    const oHalf = summary(halfRuns.ours);
    const bHalf = summary(halfRuns.baseline);
    const round1 = (x: number) => Math.round(x * 10) / 10;
    const oSat = summary(closedRuns.ours);
    const bSat = summary(closedRuns.baseline);
    const ratio = Math.round((oSat.storedPerSecond / bSat.storedPerSecond) * 100) / 100;
    await report(
      name,
      {
        setup: {
          visitors: VISITORS,
          organizations: mix.organizations,
          agentsPerOrganization: mix.agentsPerOrganization,
          rate: RATE,
          openMs: OPEN_MS,
          closedMs: CLOSED_MS,
          concurrency: CONCURRENCY,
          halfRate,
          pooler: process.env.BENCH_POOLER ? 'transaction' : 'none',
          searchIndex,
          automaticAssignment: process.env.BENCH_AUTO_ASSIGNMENT !== '0',
        },
        half: { rate: halfRate, ours: oHalf, baseline: bHalf },
        open: { ours: oOpen, baseline: bOpen },
        saturation: { ours: oSat, baseline: bSat, ratio },
        rounds: { half: halfRuns, open: openRuns, closed: closedRuns },
        serverErrors: ours.output
          .join('')
          .split('\n')
          .filter((l) => /"level":(40|50|60)/.test(l))
          .slice(0, 5),
      },
      [
        {
          what: `p50 over the baseline's at half its saturation (${halfRate}/s)`,
          value: round1(oHalf.p50 - bHalf.p50),
          target: 2,
          op: 'below',
          unit: ' ms',
        },
        {
          what: `p99 as a multiple of the baseline's at ${halfRate}/s`,
          value: round1(oHalf.p99 / Math.max(bHalf.p99, 0.1)),
          target: 2,
          op: 'below',
          unit: '×',
        },
        {
          what: 'messages lost or duplicated (open loops)',
          value: oOpen.lost + oOpen.duplicates + oHalf.lost + oHalf.duplicates,
          target: 1,
          op: 'below',
        },
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
}
