// `node --import tsx bench/profile-pipeline.ts`: the server under closed-loop load with --cpu-prof, then the
// functions and packages where its CPU time goes (docs/PERFORMANCE.md keeps the findings). PROFILE_RATE=1000
// profiles benchmark 1's open loop at that rate instead; PROFILE_ORGANIZATIONS=200 the 200-organization mix
// (pipeline-organizations.bench.ts, 2 agents each).
import { readdir, readFile, rm } from 'node:fs/promises';
import pg from 'pg';
import { freshDatabase, PG_ADMIN, startProcess } from './lib.js';
import { connectAgents, ONE_ORGANIZATION, phase, setupOurs, startSender } from './pipeline/harness.js';

const dir = '/tmp/oceras-prof';
const admin = async (text: string) => {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
};
await rm(dir, { recursive: true, force: true });
const db = await freshDatabase('bench_profile');
const server = await startProcess(['--cpu-prof', `--cpu-prof-dir=${dir}`, 'apps/server/dist/main.mjs'], {
  DATABASE_URL: db.url,
  JWT_SECRET: 'p'.repeat(48),
});
const sender = startSender();
try {
  const organizations = Number(process.env.PROFILE_ORGANIZATIONS ?? 1);
  const mix = organizations > 1 ? { organizations, agentsPerOrganization: 2 } : ONE_ORGANIZATION;
  const setup = await setupOurs(server.baseUrl, 1000, mix);
  const agents = await connectAgents(server.baseUrl, setup.agentAuth);
  // PROFILE_STATEMENTS=1 (with pg_stat_statements loaded): forget the set-up's statements, and print the load's.
  if (process.env.PROFILE_STATEMENTS) await admin('select pg_stat_statements_reset()');
  const durationMs = Number(process.env.PROFILE_MS ?? 5000);
  const load = process.env.PROFILE_RATE
    ? { kind: 'open' as const, rate: Number(process.env.PROFILE_RATE), durationMs }
    : { kind: 'closed' as const, concurrency: 64, durationMs };
  const r = await phase({
    sender,
    agents,
    postTo: { baseUrl: server.baseUrl, pids: [server.child.pid!] },
    targets: setup.targets,
    agentsPerMessage: mix.agentsPerOrganization,
    load,
  });
  console.log({
    stored: r.stored,
    perSecond: r.storedPerSecond,
    cpuMsPerMessage: r.serverCpuMsPerMessage,
    pg: r.postgresCpuMsPerMessage,
    receivers: r.receiversCpuMsPerMessage,
    statuses: r.statuses,
    p50: r.latencyMs.p50,
    p99: r.latencyMs.p99,
  });
  agents.close();
  if (process.env.PROFILE_STATEMENTS)
    console.table(
      await admin(`select calls, round(total_exec_time::numeric) as exec_ms, round((total_exec_time / calls)::numeric, 2) as mean_ms, rows,
                          left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as statement
                   from pg_stat_statements order by total_exec_time desc limit 15`),
    );
} finally {
  sender.stop();
  await server.stop();
  await db.drop();
}
const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
const prof = JSON.parse(await readFile(`${dir}/${file}`, 'utf8')) as {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const selfBy = (key: (n: (typeof prof.nodes)[0]) => string) => {
  const m = new Map<string, number>();
  prof.samples.forEach((s, i) => {
    const k = key(byId.get(s)!);
    m.set(k, (m.get(k) ?? 0) + (prof.timeDeltas[i] ?? 0));
  });
  const total = [...m.values()].reduce((a, b) => a + b, 0);
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
};
// Who calls the hottest native functions.
const parents = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
const callers = new Map<string, number>();
prof.samples.forEach((s, i) => {
  const n = byId.get(s)!;
  if (n.callFrame.functionName !== 'writev') return;
  const chain: string[] = [];
  let p = parents.get(n.id);
  for (let d = 0; p && d < 14; d++, p = parents.get(p)) {
    const f = byId.get(p)!.callFrame;
    chain.push(`${f.functionName || '?'}@${f.url.split('/').pop()}:${f.lineNumber}`);
  }
  const k = chain.join(' < ');
  callers.set(k, (callers.get(k) ?? 0) + (prof.timeDeltas[i] ?? 0));
});
console.log(
  '\nwritev called from:\n' +
    [...callers]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${(v / 1000).toFixed(0)} ms  ${k}`)
      .join('\n'),
);
console.log(
  '\nself time by function:\n' +
    selfBy(
      (n) =>
        `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, 'dist/')}:${n.callFrame.lineNumber}`,
    ),
);

// Inclusive time of the server's own frames (what a request spends inside each layer).
const inclusive = new Map<string, number>();
prof.samples.forEach((sid, i) => {
  const seen = new Set<string>();
  for (let p: number | undefined = sid; p; p = parents.get(p)) {
    const f = byId.get(p)!.callFrame;
    if (!f.url.includes('dist/main.mjs')) continue;
    const k = `${f.functionName || '(anonymous)'}:${f.lineNumber}`;
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + (prof.timeDeltas[i] ?? 0));
  }
});
const all = prof.timeDeltas.reduce((a, b) => a + b, 0);
console.log(
  `\ninclusive, server code:\n${[...inclusive]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 40)
    .map(([k, v]) => `${((v / all) * 100).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n')}`,
);
