/**
 * Behind PgBouncer in transaction mode (what many hosted PostgreSQL offers and larger installs put in front), with
 * DATABASE_POOLER=transaction: three processes start at once (the migrations' lock held by one transaction), and
 * the message path, whose hot statements are otherwise named prepared statements, works through the pooler: every
 * visitor message stored once and delivered to an agent on another process, in order.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createClient } from '@oceras/protocol/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from './helpers.js';
import { type ServerProcess, startPgbouncer, startRedis, startServerProcess } from './processes.js';
import { follow } from './sockets.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let bouncer: Awaited<ReturnType<typeof startPgbouncer>>;
let redis: Awaited<ReturnType<typeof startRedis>>;
let procs: ServerProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  bouncer = await startPgbouncer(new URL(database.url).pathname.slice(1));
  redis = await startRedis();
  const env = {
    DATABASE_URL: bouncer.url,
    DATABASE_POOLER: 'transaction',
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: redis.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
  };
  // All three at once: one migrates while the others wait on the transaction's advisory lock.
  procs = await Promise.all([1, 2, 3].map(() => startServerProcess(env, { readyMs: 60_000 })));
}, 120_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await redis?.stop();
  await bouncer?.stop();
  await database?.drop();
});

it('serves sign-up, visitors writing together on three processes and an agent on a fourth view, through the pooler', async () => {
  const [p1, p2, p3] = procs as [ServerProcess, ServerProcess, ServerProcess];
  const admin = await createClient({ baseUrl: p1.baseUrl }).call('signup', {
    body: {
      organizationName: 'Pooled Inc',
      slug: `pooled-${randomUUID().slice(0, 8)}`,
      name: 'Ada Admin',
      email: `ada-${randomUUID()}@example.com`,
      password: 'correct horse battery',
    },
  });
  const agentApi = createClient({ baseUrl: p2.baseUrl, getToken: () => admin.accessToken });
  // The prepared-once reads (GET /me, a conversation by id) on a process that did not sign up.
  expect((await agentApi.call('getMe')).agent.id).toBe(admin.agent.id);
  const agent = follow(p3.baseUrl, '/agent', { token: admin.accessToken });
  await agent.ready();

  // Twelve visitors, four per process, each writing three messages at once (the visitors' batch statement).
  const visitors = await Promise.all(
    Array.from({ length: 12 }, async (_, i) => {
      const baseUrl = procs[i % 3]!.baseUrl;
      const s = await createClient({ baseUrl }).call('createWidgetSession', {
        body: { widgetKey: admin.organization.widgetKey },
      });
      const api = createClient({ baseUrl, getToken: () => s.sessionToken });
      const conv = await api.call('startConversation', { body: { clientId: `conv-${i}-${randomUUID()}` } });
      return { api, conv, i };
    }),
  );
  for (let round = 0; round < 3; round++) {
    await Promise.all(
      visitors.map(({ api, conv, i }) =>
        api.call('sendVisitorMessage', {
          params: { id: conv.id },
          body: { clientId: `msg-${i}-${round}-${randomUUID()}`, body: `visitor ${i} round ${round}` },
        }),
      ),
    );
  }
  const bodies = () => agent.received.filter((r) => r.event === 'message.created').map((r) => r.data.body as string);
  await expect.poll(() => bodies().length, { timeout: 15_000, message: 'every message at the agent' }).toBe(36);
  expect(new Set(bodies()).size).toBe(36);
  for (const { i } of visitors) {
    const mine = bodies().filter((b) => b.startsWith(`visitor ${i} `));
    expect(mine).toEqual([0, 1, 2].map((r) => `visitor ${i} round ${r}`));
  }
  const seqs = agent.received.map((r) => r.seq);
  expect(seqs).toEqual(seqs.map((_, k) => seqs[0]! + k));

  // An agent's reply through the pooler, and the conversation read back by id.
  const { conv } = visitors[0]!;
  await agentApi.call('sendMessage', {
    params: { id: conv.id },
    body: { clientId: randomUUID(), body: 'pooled reply' },
  });
  const got = await agentApi.call('getConversation', { params: { id: conv.id } });
  expect(got.lastMessagePreview).toBe('pooled reply');
  agent.socket.disconnect();
  for (const p of procs) expect(p.output.join('')).not.toMatch(/prepared statement .* does not exist|error/i);
});
