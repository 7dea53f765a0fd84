/**
 * Socket calls are limited as their REST twins are (issue 12: one visitor stored 5,600 messages in 31 s over the
 * socket): in the same buckets, per visitor and per address, shared by every process through Redis; signals
 * (typing, viewing) have a budget of their own and are dropped past it, never refused.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import type { AckResult } from '@oceras/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNAL_LIMIT } from '../src/plugins/rate-limits.js';
import { buildOrganization, startTestServer, type TestServer, visitor } from './helpers.js';
import { startRedis } from './processes.js';

const roomy = { max: 100_000, timeWindow: '1 minute' };
type Ack = AckResult<unknown>;
const emit = (s: Socket, event: string, payload: object) =>
  s.timeout(10_000).emitWithAck(event, payload) as Promise<Ack>;

describe('two processes on one Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    redis = await startRedis();
    // One deployment: one Redis, one signing key.
    const env = { REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '100000', JWT_SECRET: randomBytes(32).toString('hex') };
    a = await startTestServer(env, { rateLimits: { startConversation: roomy } });
    b = await startTestServer(env, { databaseOf: a, rateLimits: { startConversation: roomy } });
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  it("R7: a visitor's socket sends count with their REST sends, across processes, and past 60 a minute are refused", async () => {
    const org = await buildOrganization(a);
    const v = await visitor(a, org.organization.widgetKey);
    const conv = await v.start('hello');
    for (let i = 0; i < 40; i++) await v.say(conv.id, `rest ${i}`);
    // The same visitor on the other process, over the socket.
    const s = io(`${b.baseUrl}/visitor`, { transports: ['websocket'], auth: { sessionToken: v.session.sessionToken } });
    await new Promise((r) => s.once('session.ready', r));
    const acks: Ack[] = [];
    for (let i = 0; i < 25; i++)
      acks.push(
        await emit(s, 'message.send', { conversationId: conv.id, clientId: randomUUID(), body: `socket ${i}` }),
      );
    expect(acks.filter((x) => x.ok)).toHaveLength(20);
    const refused = acks.filter((x) => !x.ok);
    expect(refused).toHaveLength(5);
    for (const x of refused) {
      if (x.ok) continue;
      expect(x.error.code).toBe('RATE_LIMITED');
      expect(x.error.retryAfterMs).toBeGreaterThan(0);
      expect(x.error.retryAfterMs).toBeLessThanOrEqual(60_000);
    }
    // REST, on the first process, is now refused too: one bucket for both doors.
    const rest = await fetch(`${a.baseUrl}/api/v1/widget/conversations/${conv.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${v.session.sessionToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: randomUUID(), body: 'one more' }),
    });
    expect(rest.status).toBe(429);
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(0);
    // Nothing refused was stored; everything accepted was.
    const page = await org.api.call('listMessages', { params: { id: conv.id }, query: { limit: 100 } });
    expect(page.messages.filter((m) => m.author.type === 'visitor')).toHaveLength(61);
    s.disconnect();
    v.close();
  });

  it('R9: typing signals past the budget are acknowledged and dropped, not refused or relayed', async () => {
    const org = await buildOrganization(a);
    const v = await visitor(a, org.organization.widgetKey);
    const conv = await v.start('typing test');
    const agent = io(`${b.baseUrl}/agent`, { transports: ['websocket'], auth: { token: org.accessToken } });
    const relayed: boolean[] = [];
    agent.on('typing.updated', (p: { isTyping: boolean; actor: { id: string } }) => {
      if (p.actor.id === v.session.visitorId) relayed.push(p.isTyping);
    });
    const done: string[] = [];
    agent.on('typing.updated', (p: { actor: { id: string } }) => done.push(p.actor.id));
    await new Promise((r) => agent.once('session.ready', r));
    const acks = await Promise.all(
      Array.from({ length: SIGNAL_LIMIT.max + 40 }, (_, i) =>
        emit(v.socket, 'typing.update', { conversationId: conv.id, isTyping: i % 2 === 0 }),
      ),
    );
    expect(acks.every((x) => x.ok)).toBe(true);
    // A signal sent after the burst, from the same process through the same channel: once it has arrived, every
    // signal of the burst that was relayed has arrived before it (no fixed wait for "nothing more").
    const other = await visitor(a, org.organization.widgetKey);
    const otherConv = await other.start('after the burst');
    expect(await emit(other.socket, 'typing.update', { conversationId: otherConv.id, isTyping: true })).toMatchObject({
      ok: true,
    });
    await expect
      .poll(() => done.includes(other.session.visitorId), { timeout: 5000, interval: 20, message: 'the later signal' })
      .toBeTruthy();
    expect(relayed).toHaveLength(SIGNAL_LIMIT.max);
    other.close();
    agent.disconnect();
    v.close();
  });
});

describe('per address, behind one proxy (TRUST_PROXY=1)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '30', TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("an agent's socket writes count against the address's limit; each address has its own, and a forged hop changes nothing", async () => {
    const org = await buildOrganization(server);
    const v = await visitor(server, org.organization.widgetKey);
    const conv = await v.start('from a visitor');
    const agentFrom = async (xff: string) => {
      const s = io(`${server.baseUrl}/agent`, {
        transports: ['websocket'],
        auth: { token: org.accessToken },
        extraHeaders: { 'x-forwarded-for': xff },
        // Its own connection: socket.io-client would otherwise multiplex it on the visitor's, without the header.
        forceNew: true,
      });
      await new Promise((r) => s.once('session.ready', r));
      return s;
    };
    const send = (s: Socket, body: string) =>
      emit(s, 'message.send', { conversationId: conv.id, clientId: randomUUID(), body });
    const first = await agentFrom('203.0.113.7');
    const acks: Ack[] = [];
    for (let i = 0; i < 35; i++) acks.push(await send(first, `reply ${i}`));
    expect(acks.filter((x) => x.ok)).toHaveLength(30);
    expect(acks.slice(30).every((x) => !x.ok && x.error.code === 'RATE_LIMITED')).toBe(true);
    // A client that prepends an address of its choice is still counted under the one the proxy saw.
    const forged = await agentFrom('198.51.100.1, 203.0.113.7');
    expect(await send(forged, 'forged')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    // Another address is not held back by the first one.
    const second = await agentFrom('203.0.113.8');
    expect(await send(second, 'from elsewhere')).toMatchObject({ ok: true });
    for (const s of [first, forged, second]) s.disconnect();
    v.close();
  });
});

describe('a malformed request', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('with a bad chunked body is a 400 and logs no error', async () => {
    const { port } = new URL(server.baseUrl);
    const before = server.logLines.length;
    const answer = await new Promise<string>((resolve) => {
      const s = net.connect(Number(port), '127.0.0.1');
      let out = '';
      s.on('data', (d) => (out += d.toString()));
      s.on('close', () => resolve(out));
      s.on('error', () => resolve(out));
      s.write(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          'Transfer-Encoding: chunked\r\n\r\nzz\r\n{"a":1}\r\n0\r\n\r\n',
      );
      setTimeout(() => s.end(), 500);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await new Promise((r) => setTimeout(r, 100));
    const errors = server.logLines.slice(before).filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
    expect(errors).toEqual([]);
  });
});
