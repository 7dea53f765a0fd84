// Benchmark 3: idle visitor sockets one process holds, memory per socket, and connects per second, against a
// bare Socket.IO server holding the same number of sockets.
import { io, type Socket } from 'socket.io-client';
import { closeAgents, freshDatabase, loopbackAddress, report, request, rssKiB, sleep, startProcess } from './lib.js';

const N = Number(process.env.BENCH_SOCKETS ?? 10_000);
const CONCURRENCY = 200;

async function connectAll(baseUrl: string, auths: Record<string, string>[]) {
  const sockets: Socket[] = [];
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < auths.length) {
      const auth = auths[next++]!;
      await new Promise<void>((resolve) => {
        const s = io(`${baseUrl}/visitor`, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
        sockets.push(s);
        const ok = () => resolve();
        // Ours announces session.ready once the socket's stream is live; the baseline only connects.
        if ('sessionToken' in auth) s.once('session.ready', ok);
        else s.once('connect', ok);
        // A refused socket is counted (connected < N fails the goal), not fatal to the run.
        s.once('connect_error', () => resolve());
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { sockets, connectsPerSecond: Math.round(auths.length / seconds) };
}

async function measure(baseUrl: string, pid: number, auths: Record<string, string>[]) {
  await sleep(1000);
  const before = await rssKiB(pid);
  const { sockets, connectsPerSecond } = await connectAll(baseUrl, auths);
  await sleep(3000); // let the heap settle
  const after = await rssKiB(pid);
  const connected = sockets.filter((s) => s.connected).length;
  for (const s of sockets) s.disconnect();
  await sleep(1500);
  return {
    connected,
    connectsPerSecond,
    rssBeforeMiB: Math.round(before / 1024),
    rssAfterMiB: Math.round(after / 1024),
    kibPerSocket: Math.round(((after - before) / N) * 10) / 10,
  };
}

const db = await freshDatabase('bench_idle');
const ours = await startProcess(['apps/server/dist/main.mjs'], {
  DATABASE_URL: db.url,
  JWT_SECRET: 'i'.repeat(48),
  RATE_LIMIT_PER_MINUTE: '100000',
});
const base = await startProcess(['--import', 'tsx', 'bench/idle/baseline-io.ts'], {});
try {
  const signup = await request(`${ours.baseUrl}/api/v1/auth/signup`, {
    body: {
      organizationName: 'Idle',
      slug: `idle-${Date.now()}`,
      name: 'A',
      email: `a-${Date.now()}@bench.test`,
      password: 'correct horse battery staple',
    },
  });
  const widgetKey = signup.json.organization.widgetKey;
  // Real visitor sessions through the API, from many addresses (30 new sessions a minute per address).
  const tokens: string[] = [];
  for (let i = 0; i < N; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, N - i) }, (_, k) =>
        request(`${ours.baseUrl}/api/v1/widget/sessions`, { from: loopbackAddress(i + k), body: { widgetKey } }),
      ),
    );
    for (const r of batch) {
      if (r.status !== 200 && r.status !== 201) throw new Error(`session ${r.status} ${JSON.stringify(r.json)}`);
      tokens.push(r.json.sessionToken);
    }
  }
  closeAgents();
  const oursAuth = tokens.map((sessionToken) => ({ sessionToken }));
  const baseAuth = tokens.map(() => ({}));
  // Baseline, ours, baseline, ours. Memory comes from the first round, on fresh processes (RSS does not give
  // memory back to the system, so a second round would understate it); connects/s is the better of two rounds.
  const b1 = await measure(base.baseUrl, base.child.pid!, baseAuth);
  const o1 = await measure(ours.baseUrl, ours.child.pid!, oursAuth);
  const b2 = await measure(base.baseUrl, base.child.pid!, baseAuth);
  const o2 = await measure(ours.baseUrl, ours.child.pid!, oursAuth);
  const o = {
    ...o1,
    connectsPerSecond: Math.max(o1.connectsPerSecond, o2.connectsPerSecond),
    connectedSecondRound: o2.connected,
  };
  const b = { ...b1, connectsPerSecond: Math.max(b1.connectsPerSecond, b2.connectsPerSecond) };
  await report(
    'idle-sockets',
    {
      sockets: N,
      ours: o,
      baseline: b,
      connectRatio: Math.round((o.connectsPerSecond / b.connectsPerSecond) * 100) / 100,
    },
    [
      { what: `${N} visitor sockets held`, value: o.connected, target: N, op: 'above' },
      { what: 'memory per idle socket', value: o.kibPerSocket, target: 20, op: 'below', unit: ' KiB' },
    ],
  );
} finally {
  await ours.stop();
  await base.stop();
  await db.drop();
}
