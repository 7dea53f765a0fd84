// Benchmark: webhooks (issue 19). Ten subscriptions to message.created on one organization, delivering to a local
// receiver (this process) that answers 204.
// 1. Delivery throughput: a burst of visitor messages (each one delivery per subscription), timed from the first
//    delivery to the last, against raw HTTP POSTs of the same bodies to the same receiver, as many at once as the
//    worker sends (10), in the same run. Every delivery must arrive once: none lost, none twice.
// 2. The message path with the ten subscriptions on: closed-loop saturation (64 in flight) with them enabled,
//    alternated with the same organization's subscriptions disabled.

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { alternate, freePort, freshDatabase, median, now, report, request, sleep, startProcess } from './lib.js';
import { connectAgents, type PhaseResult, phase, setupOurs, startSender } from './pipeline/harness.js';

const SUBSCRIPTIONS = 10;
const BURST = Number(process.env.BENCH_WEBHOOK_BURST ?? 300);
const RAW_CONCURRENCY = 10; // the worker's claim (DELIVERIES_PER_CLAIM in webhook-worker.ts)
const CLOSED_MS = Number(process.env.BENCH_CLOSED_MS ?? 4000);

// The receiver: counts each delivery id, keeps the time it arrived.
const arrivals = new Map<string, number[]>();
let bodyBytes = 0;
const receiverPort = await freePort();
const receiver = http.createServer((req, res) => {
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
  });
  req.on('end', () => {
    const id = String(req.headers['oceras-delivery'] ?? `raw-${arrivals.size}-${Math.random()}`);
    const at = arrivals.get(id) ?? [];
    at.push(now());
    arrivals.set(id, at);
    bodyBytes = Math.max(bodyBytes, size);
    res.writeHead(204).end();
  });
});
await new Promise<void>((r) => receiver.listen(receiverPort, '127.0.0.1', r));
const receiverUrl = `http://127.0.0.1:${receiverPort}/hook`;

const db = await freshDatabase('bench_webhooks');
const ours = await startProcess(['apps/server/dist/main.mjs'], {
  DATABASE_URL: db.url,
  JWT_SECRET: 'w'.repeat(48),
  RATE_LIMIT_PER_MINUTE: '10000000',
  WEBHOOK_ALLOW_PRIVATE: 'true',
});
const sender = startSender();
try {
  const setup = await setupOurs(ours.baseUrl, 200);
  const admin = setup.agentAuth[0]!.token;
  const hooks: string[] = [];
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const r = await request(`${ours.baseUrl}/api/v1/webhooks`, {
      token: admin,
      body: { url: `${receiverUrl}?n=${i}`, events: ['message.created'] },
    });
    if (r.status !== 201) throw new Error(`createWebhook: ${r.status} ${JSON.stringify(r.json)}`);
    hooks.push(r.json.id);
  }
  const setEnabled = (enabled: boolean) =>
    Promise.all(
      hooks.map((id) =>
        request(`${ours.baseUrl}/api/v1/webhooks/${id}`, { method: 'PATCH', token: admin, body: { enabled } }),
      ),
    );
  const agents = await connectAgents(ours.baseUrl, setup.agentAuth);

  /** A burst of messages; resolves with the deliveries' spread once all arrived (or 60 s passed). */
  const burst = async () => {
    arrivals.clear();
    const sent = await phase({
      sender,
      agents,
      postTo: { baseUrl: ours.baseUrl, pids: [ours.child.pid!] },
      targets: setup.targets,
      load: { kind: 'open', rate: BURST, durationMs: 1000 },
    });
    const expected = sent.stored * SUBSCRIPTIONS;
    const deadline = Date.now() + 60_000;
    while (arrivals.size < expected && Date.now() < deadline) await sleep(20);
    await sleep(500); // a duplicate would come now
    const times = [...arrivals.values()].map((t) => t[0]!);
    const spreadMs = Math.max(...times) - Math.min(...times);
    return {
      expected,
      delivered: arrivals.size,
      duplicates: [...arrivals.values()].filter((t) => t.length > 1).length,
      perSecond: Math.round((arrivals.size / Math.max(1, spreadMs)) * 1000),
    };
  };
  /** The same number of POSTs of a delivery's size straight to the receiver, RAW_CONCURRENCY at a time. */
  const raw = async (count: number) => {
    arrivals.clear();
    const body = JSON.stringify({ pad: randomBytes(Math.max(16, bodyBytes - 20) / 2).toString('hex') });
    let next = 0;
    const t = now();
    await Promise.all(
      Array.from({ length: RAW_CONCURRENCY }, async () => {
        while (next < count) {
          next++;
          await new Promise<void>((resolve, reject) => {
            const req = http.request(receiverUrl, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
            });
            req.on('response', (res) => {
              res.resume();
              res.on('end', resolve);
            });
            req.on('error', reject);
            req.end(body);
          });
        }
      }),
    );
    return { perSecond: Math.round((count / (now() - t)) * 1000) };
  };

  await burst(); // warm-up: sizes the raw body from a real delivery
  const deliveries = await alternate(
    3,
    () => raw(BURST * SUBSCRIPTIONS),
    () => burst(),
  );
  const oursPerSecond = median(deliveries.ours.map((r) => r.perSecond));
  const rawPerSecond = median(deliveries.baseline.map((r) => r.perSecond));
  const lost = deliveries.ours.reduce((n, r) => n + r.expected - r.delivered, 0);
  const duplicates = deliveries.ours.reduce((n, r) => n + r.duplicates, 0);

  const saturation = (enabled: boolean) => async (): Promise<PhaseResult> => {
    await setEnabled(enabled);
    await sleep(enabled ? 2000 : 500); // deliveries of the last run drain first
    return phase({
      sender,
      agents,
      postTo: { baseUrl: ours.baseUrl, pids: [ours.child.pid!] },
      targets: setup.targets,
      load: { kind: 'closed', concurrency: 64, durationMs: CLOSED_MS },
    });
  };
  const path = await alternate(2, saturation(false), saturation(true));
  agents.close();
  const without = median(path.baseline.map((r) => r.storedPerSecond));
  const withHooks = median(path.ours.map((r) => r.storedPerSecond));
  const ratio = Math.round((withHooks / without) * 100) / 100;

  await report(
    'webhooks',
    {
      subscriptions: SUBSCRIPTIONS,
      burstMessages: BURST,
      deliveryBodyBytes: bodyBytes,
      deliveries: { oursPerSecond, rawPerSecond, ratio: Math.round((oursPerSecond / rawPerSecond) * 100) / 100 },
      deliveryRounds: deliveries,
      messagePath: {
        storedPerSecondWithout: without,
        storedPerSecondWith: withHooks,
        ratio,
        p99WithoutMs: median(path.baseline.map((r) => r.latencyMs.p99)),
        p99WithMs: median(path.ours.map((r) => r.latencyMs.p99)),
      },
    },
    [
      { what: 'webhook deliveries lost or sent twice', value: lost + duplicates, target: 1, op: 'below' },
      {
        what: `message path saturation with ${SUBSCRIPTIONS} subscriptions on vs off (${withHooks}/${without} per s)`,
        value: ratio,
        target: 0.8,
        op: 'above',
      },
    ],
  );
  console.log(
    `webhook deliveries: ${oursPerSecond}/s against raw POSTs ${rawPerSecond}/s (${Math.round((oursPerSecond / rawPerSecond) * 100)} %)`,
  );
} finally {
  sender.stop();
  await ours.stop();
  receiver.close();
  await db.drop();
}
