import { randomBytes, randomUUID } from 'node:crypto';
import { createClient } from '@oceras/protocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, statusOf } from './helpers.js';
import { type ServerProcess, startRedis, startServerProcess } from './processes.js';
import { type Follower, follow } from './sockets.js';

// Three real server processes sharing one PostgreSQL database and one Redis (the test's own, so that it can be
// stopped and started again), as behind a load balancer.
let redis: Awaited<ReturnType<typeof startRedis>>;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let procs: ServerProcess[] = [];
const followers: Follower[] = [];

beforeAll(async () => {
  redis = await startRedis();
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, JWT_SECRET: randomBytes(32).toString('hex') };
  procs = [await startServerProcess(env)]; // the first one runs the migrations
  procs.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
}, 60_000);

afterAll(async () => {
  for (const f of followers) f.socket.disconnect();
  await Promise.all(procs.map((p) => p.stop()));
  await redis?.stop();
  await database?.drop();
});

const api = (p: ServerProcess, token?: string) => createClient({ baseUrl: p.baseUrl, getToken: () => token });
const track = (f: Follower) => {
  followers.push(f);
  return f;
};
const bodies = (f: Follower, conversationId: string) =>
  f.received
    .filter(
      (r) => r.event === 'message.created' && r.data.conversationId === conversationId && r.data.type !== 'system',
    )
    .map((r) => r.data.body);
/** Every stream event exactly once, in sequence order, with no hole. */
const expectGapFree = (f: Follower) => {
  const seqs = f.received.map((r) => r.seq);
  expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
};

describe('several processes on PostgreSQL and Redis', () => {
  it('carries messages, presence and rate limits across processes, through a Redis outage and a shutdown', async () => {
    const [p1, p2, p3] = procs as [ServerProcess, ServerProcess, ServerProcess];
    for (const p of procs) expect(await p.readyz()).toMatchObject({ ok: true, database: 'up', redis: 'up' });

    // An organization with an admin and an agent; the agent joins through another process.
    const admin = await api(p1).call('signup', {
      body: {
        organizationName: 'Cluster Inc',
        slug: `cluster-${randomUUID().slice(0, 8)}`,
        name: 'Ada Admin',
        email: `ada-${randomUUID()}@example.com`,
        password: 'correct horse battery',
      },
    });
    const invite = await api(p2, admin.accessToken).call('createInvitation', {
      body: { email: `bob-${randomUUID()}@example.com` },
    });
    const agent = await api(p3).call('acceptInvitation', {
      body: { token: invite.inviteUrl!.split('#token=')[1]!, name: 'Bob Agent', password: 'correct horse battery' },
    });

    // The visitor is on process 1, the admin on process 2, the agent on process 3.
    const session = await api(p1).call('createWidgetSession', { body: { widgetKey: admin.organization.widgetKey } });
    const visitorApi = api(p1, session.sessionToken);
    const visitor = track(follow(p1.baseUrl, '/visitor', { sessionToken: session.sessionToken }));
    const adminSocket = track(follow(p2.baseUrl, '/agent', { token: admin.accessToken }));
    const agentSocket = track(follow(p3.baseUrl, '/agent', { token: agent.accessToken }));
    await Promise.all([visitor.ready(), adminSocket.ready(), agentSocket.ready()]);

    // Presence crosses processes: process 1 holds no agent socket, yet sees both connected.
    await expect
      .poll(
        async () => {
          const { agents } = await api(p1, admin.accessToken).call('listAgents', {});
          return agents.every((a) => a.isConnected);
        },
        { timeout: 5000, interval: 20, message: 'presence on process 1' },
      )
      .toBeTruthy();

    const conversation = await visitorApi.call('startConversation', {
      body: { clientId: randomUUID(), message: { clientId: randomUUID(), body: 'hello from process 1' } },
    });
    const cid = conversation.id;
    await expect
      .poll(() => bodies(adminSocket, cid).length === 1 && bodies(agentSocket, cid).length === 1, {
        timeout: 5000,
        interval: 20,
        message: 'agents',
      })
      .toBeTruthy();

    const reply = await adminSocket.socket.emitWithAck('message.send', {
      conversationId: cid,
      clientId: randomUUID(),
      body: 'hi, Ada here (process 2)',
    });
    expect(reply.ok).toBe(true);
    await expect
      .poll(() => bodies(visitor, cid).length === 2 && bodies(agentSocket, cid).length === 2, {
        timeout: 5000,
        interval: 20,
        message: 'the reply',
      })
      .toBeTruthy();

    // Typing (an ephemeral signal) from process 3 reaches the visitor on process 1.
    const typing = new Promise((resolve) => visitor.socket.once('typing.updated', resolve));
    await agentSocket.socket.emitWithAck('typing.update', { conversationId: cid, isTyping: true, isNote: false });
    expect(await typing).toMatchObject({ conversationId: cid, isTyping: true, actor: { type: 'agent' } });

    // Redis goes away mid-conversation: every process serves on, says so, and delivers through PostgreSQL.
    await redis.stop();
    await expect
      .poll(async () => (await Promise.all(procs.map((p) => p.readyz()))).every((r) => r.redis === 'down'), {
        timeout: 10_000,
        interval: 20,
        message: 'readiness to report Redis down',
      })
      .toBeTruthy();
    for (const p of procs) {
      expect(await p.readyz()).toMatchObject({ ok: true, database: 'up', redis: 'down' });
      expect((await fetch(`${p.baseUrl}/readyz?strict=1`)).status).toBe(503);
    }
    const during: string[] = [];
    for (let i = 0; i < 5; i++) {
      during.push(`visitor during outage ${i}`);
      await visitorApi.call('sendVisitorMessage', {
        params: { id: cid },
        body: { clientId: randomUUID(), body: `visitor during outage ${i}` },
      });
      during.push(`agent during outage ${i}`);
      await api(p3, admin.accessToken).call('sendMessage', {
        params: { id: cid },
        body: { clientId: randomUUID(), body: `agent during outage ${i}` },
      });
    }
    await expect
      .poll(() => [visitor, adminSocket, agentSocket].every((f) => bodies(f, cid).length === 12), {
        timeout: 10_000,
        interval: 20,
        message: 'messages during the outage',
      })
      .toBeTruthy();

    // Redis returns: the processes notice by themselves and the fast path resumes.
    redis = await startRedis(redis.port);
    await expect
      .poll(async () => (await Promise.all(procs.map((p) => p.readyz()))).every((r) => r.redis === 'up'), {
        timeout: 15_000,
        interval: 20,
        message: 'readiness to report Redis back',
      })
      .toBeTruthy();
    await visitorApi.call('sendVisitorMessage', {
      params: { id: cid },
      body: { clientId: randomUUID(), body: 'after the outage' },
    });
    await expect
      .poll(() => [visitor, adminSocket, agentSocket].every((f) => bodies(f, cid).length === 13), {
        timeout: 5000,
        interval: 20,
        message: 'after the outage',
      })
      .toBeTruthy();

    // Rate limits are counted in Redis: 20 logins a minute per IP in all, whichever process answers.
    // A new email each time: one email from one address has limits of its own (modules/auth/login-limits.ts).
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const email = `nobody-${i}-${randomUUID()}@example.com`;
      statuses.push(await statusOf(api(procs[i % 3]!).call('login', { body: { email, password: 'wrong password!' } })));
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);

    // Process 3 shuts down: its socket is closed without a "server disconnect", so the client reconnects; here
    // it reconnects to process 2, with its last seq, and gets what was said while it was away.
    const disconnected = new Promise<string>((resolve) => agentSocket.socket.once('disconnect', resolve));
    const exit = p3.stop('SIGTERM');
    expect(await disconnected).toBe('transport close');
    expect(await exit).toBe(0);
    await visitorApi.call('sendVisitorMessage', {
      params: { id: cid },
      body: { clientId: randomUUID(), body: 'while Bob was moving' },
    });
    (agentSocket.socket.io as unknown as { uri: string }).uri = `${p2.baseUrl}`;
    await expect
      .poll(() => bodies(agentSocket, cid).length === 14, {
        timeout: 10_000,
        interval: 20,
        message: 'the replay on another process',
      })
      .toBeTruthy();

    // Every client ends with every message, once, in order, as stored.
    const stored = await api(p1, admin.accessToken).call('listMessages', {
      params: { id: cid },
      query: { limit: 100 },
    });
    const storedBodies = stored.messages.filter((m) => m.type !== 'system').map((m) => m.body);
    expect(storedBodies).toHaveLength(14);
    expect(storedBodies.slice(2, 12)).toEqual(during);
    for (const f of [visitor, adminSocket, agentSocket]) {
      expect(bodies(f, cid)).toEqual(storedBodies);
      expectGapFree(f);
    }
  }, 90_000);
});
