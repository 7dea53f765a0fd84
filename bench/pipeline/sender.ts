// The load generator's sending half, in its own process (forked by pipeline.bench.ts): posts visitor messages
// over HTTP from many loopback addresses, open-loop at a fixed rate or closed-loop at a fixed concurrency.
import { now, request, sleep } from '../lib.js';

export interface Target {
  url: string;
  token?: string;
  from: string;
}
export type SendCommand =
  | { kind: 'open'; run: string; targets: Target[]; rate: number; durationMs: number }
  | { kind: 'closed'; run: string; targets: Target[]; concurrency: number; durationMs: number };
export interface SendResult {
  run: string;
  sent: number;
  ok: number;
  statuses: Record<string, number>;
  /** Request start to HTTP answer, ms. */
  responseMs: number[];
  elapsedMs: number;
}

async function post(cmd: SendCommand, i: number, scheduledAt: number, result: SendResult) {
  const target = cmd.targets[i % cmd.targets.length]!;
  const started = now();
  result.sent++;
  try {
    const r = await request(target.url, {
      method: 'POST',
      token: target.token,
      from: target.from,
      body: { clientId: `${cmd.run}-${i}`, body: `b:${cmd.run}:${i}:${scheduledAt}` },
    });
    result.statuses[r.status] = (result.statuses[r.status] ?? 0) + 1;
    if (r.status === 201) result.ok++;
  } catch (err) {
    const key = (err as Error).message.slice(0, 40);
    result.statuses[key] = (result.statuses[key] ?? 0) + 1;
  }
  result.responseMs.push(now() - started);
}

async function run(cmd: SendCommand): Promise<SendResult> {
  const result: SendResult = { run: cmd.run, sent: 0, ok: 0, statuses: {}, responseMs: [], elapsedMs: 0 };
  const t0 = now();
  const inflight = new Set<Promise<void>>();
  if (cmd.kind === 'open') {
    // Each message has its time; latency counts from that time, so a slow answer cannot hide later ones.
    const total = Math.round((cmd.rate * cmd.durationMs) / 1000);
    const interval = 1000 / cmd.rate;
    for (let i = 0; i < total; i++) {
      const at = t0 + i * interval;
      const wait = at - now();
      if (wait > 1) await sleep(wait);
      const p = post(cmd, i, at, result).finally(() => inflight.delete(p));
      inflight.add(p);
    }
  } else {
    let i = 0;
    const end = t0 + cmd.durationMs;
    const worker = async () => {
      while (now() < end) {
        const n = i++;
        await post(cmd, n, now(), result);
      }
    };
    await Promise.all(Array.from({ length: cmd.concurrency }, worker));
  }
  await Promise.all(inflight);
  result.elapsedMs = now() - t0;
  return result;
}

process.on('message', (cmd: SendCommand) => {
  void run(cmd).then((r) => process.send?.(r));
});
