import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body, as signed. */
  body: string;
  json: { id: string; type: string; createdAt: string; organizationId: string; data: any };
}

/** The answer to the next request; the last one repeats. */
export type Reply = { status: number; body?: string; headers?: Record<string, string> };

/** A webhook receiver on a loopback port, as an integrator would write one; it answers `replies` in turn. */
export async function startReceiver(replies: Reply[] = [{ status: 200, body: 'ok' }]) {
  const received: Received[] = [];
  const queue = [...replies];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Received['json'];
      try {
        json = JSON.parse(body);
      } catch {
        json = null as never;
      }
      received.push({ path: req.url ?? '', headers: req.headers, body, json });
      const reply = queue.length > 1 ? queue.shift()! : queue[0]!;
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** Later requests get these answers. */
    answer(next: Reply[]) {
      queue.splice(0, queue.length, ...next);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * Verifies `Oceras-Signature` as the docs tell integrators to (docs/INTEGRATIONS.md): HMAC-SHA256 of
 * "<t>.<raw body>", compared in constant time, the timestamp within 5 minutes.
 */
export function verifySignature(header: string | undefined, body: string, secret: string, toleranceS = 300) {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceS || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Polls until `check` holds (or fails after `ms`): for what another process or a timer does. */
export async function until<T>(check: () => T | Promise<T>, ms = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
