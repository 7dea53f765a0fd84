/**
 * PostgreSQL goes away under a running server (a fault proxy cut in front of it): REST answers 503 with
 * Retry-After, socket calls are refused with `UNAVAILABLE` and `retryAfterMs` (not `INTERNAL`), the outage is
 * logged once rather than one stack per call, and everything works again when the database is back.
 */
import { randomUUID } from 'node:crypto';
import type { AckResult } from '@oceras/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildOrganization, startTestServer, type TestServer, visitor } from './helpers.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

let proxy: TcpProxy;
let server: TestServer;
beforeAll(async () => {
  proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  server = await startTestServer({}, { databasePort: proxy.port });
});
afterAll(async () => {
  proxy?.restore();
  await server?.close();
  await proxy?.close();
});

it('refuses calls with UNAVAILABLE and a retry hint while the database is away, logs the outage once, and recovers', async () => {
  const org = await buildOrganization(server);
  const v = await visitor(server, org.organization.widgetKey);
  const conv = await v.start('before the outage');
  const agent: Socket = io(`${server.baseUrl}/agent`, { transports: ['websocket'], auth: { token: org.accessToken } });
  await new Promise((r) => agent.once('session.ready', r));
  const send = (body: string) =>
    agent.timeout(10_000).emitWithAck('message.send', {
      conversationId: conv.id,
      clientId: randomUUID(),
      body,
    }) as Promise<AckResult<{ body: string }>>;
  expect(await send('while all is well')).toMatchObject({ ok: true });

  const linesBefore = server.logLines.length;
  proxy.cut();
  for (let i = 0; i < 12; i++) {
    const ack = await send(`during the outage ${i}`);
    expect(ack).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    if (!ack.ok) expect(ack.error.retryAfterMs).toBeGreaterThan(0);
    const rest = await fetch(`${server.baseUrl}/api/v1/conversations/${conv.id}/messages`, {
      headers: { authorization: `Bearer ${org.accessToken}` },
    });
    expect(rest.status).toBe(503);
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await rest.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
  }
  const during = server.logLines.slice(linesBefore).map((l) => JSON.parse(l) as { level: number; msg: string });
  // 24 refused calls: one line for the outage, a warning per pooled connection lost, and nothing with a stack.
  expect(during.filter((l) => l.msg === 'database unavailable: answering 503')).toHaveLength(1);
  expect(during.filter((l) => l.msg === 'unexpected error')).toEqual([]);
  expect(during.filter((l) => l.level >= 50 && l.msg !== 'database unavailable: answering 503')).toEqual([]);
  expect(during.length).toBeLessThanOrEqual(1 + 5 + 24); // outage line, pool size, request log lines at most

  proxy.restore();
  await expect
    .poll(async () => (await send('after the outage')).ok, {
      timeout: 15_000,
      interval: 20,
      message: 'a send after the outage',
    })
    .toBeTruthy();
  const page = await org.api.call('listMessages', { params: { id: conv.id }, query: {} });
  const bodies = page.messages.map((m) => m.body);
  expect(bodies).toContain('after the outage');
  expect(bodies.filter((b) => b.startsWith('during the outage'))).toEqual([]);
  agent.disconnect();
  v.close();
});
