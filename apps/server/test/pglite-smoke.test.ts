/** The embedded default: the same migrations and flows on PGlite, with no PostgreSQL server involved. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asSignedIn } from '@oceras/protocol';
import { type ApiError, createClient } from '@oceras/protocol/client';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { io } from 'socket.io-client';
import { afterAll, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { query } from '../src/db/client.js';
import { loadEnv } from '../src/env.js';
import { pruneLoginFailures } from '../src/jobs/maintenance.job.js';
import { runRetention } from '../src/jobs/retention.job.js';
import { FREE_FAILURES } from '../src/modules/auth/login-limits.js';
import { appendMessageFast } from '../src/modules/messages/append-fast.js';
import { seedDemo } from '../src/seed-demo.js';
import { startExpoPushServer } from './expo-push-server.js';

const dir = mkdtempSync(path.join(tmpdir(), 'oceras-pglite-'));
let close: (() => Promise<void>) | undefined;
const expo = await startExpoPushServer();
afterAll(async () => {
  await close?.();
  await expo.close();
  rmSync(dir, { recursive: true, force: true });
});

it('runs sign-up, a visitor message delivered live and pushed, and the demo seed on PGlite', async () => {
  const env = loadEnv({
    NODE_ENV: 'test',
    DATA_DIR: dir,
    PORT: '0',
    LOG_LEVEL: 'silent',
    EXPO_BASE_URL: expo.url,
    PUSH_POLL_MS: '100',
    LOGIN_DELAY_BASE_MS: '60000',
  });
  expect(env.isEmbedded).toBe(true);
  expect(env.JWT_SECRET).toBe(loadEnv({ NODE_ENV: 'test', DATA_DIR: dir }).JWT_SECRET); // generated once, kept
  const { app, services } = await buildApp({ env, logger: pino({ level: 'silent' }) });
  close = () => app.close();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const demo = await seedDemo(app, services);
  expect(demo?.email).toBeTruthy();
  expect(await seedDemo(app, services)).toBeNull();
  const login = asSignedIn(
    await createClient({ baseUrl }).call('login', {
      body: { email: demo!.email, password: demo!.password },
    }),
  );
  const api = createClient({ baseUrl, getToken: () => login.accessToken });
  // The sign-in limits' statements on PGlite: an unknown email's free failures, then a wait, then the clean-up.
  const guesses: number[] = [];
  for (let i = 0; i <= FREE_FAILURES; i++) {
    const body = { email: 'nobody@example.com', password: 'wrong password' };
    const answer = createClient({ baseUrl }).call('login', { body });
    guesses.push(
      await answer.then(
        () => 200,
        (e: ApiError) => e.status,
      ),
    );
  }
  expect(guesses).toEqual([...Array.from({ length: FREE_FAILURES }, () => 401), 429]);
  await pruneLoginFailures(services);
  expect((await api.call('listConversations')).conversations).toHaveLength(3);
  // The retention jobs' statements (SKIP LOCKED, data-modifying CTEs) on PGlite, with something due for each.
  await query(services.db, sql`update visitors set last_seen_at = now() - interval '31 days'`);
  await query(services.db, sql`update organizations set conversation_retention_days = 7`);
  await query(
    services.db,
    sql`update conversations set status = 'resolved', last_activity_at = now() - interval '8 days'`,
  );
  expect(await runRetention(services)).toMatchObject({ conversations: 3 });
  expect((await api.call('listConversations')).conversations).toHaveLength(0);

  const socket = io(`${baseUrl}/agent`, { transports: ['websocket'], auth: { token: login.accessToken } });
  await new Promise((r) => socket.once('session.ready', r));
  const got = new Promise<{ data: { body: string } }>((r) => socket.once('message.created', r));
  const visitor = await createClient({ baseUrl }).call('createWidgetSession', { body: { widgetKey: demo!.widgetKey } });
  const vapi = createClient({ baseUrl, getToken: () => visitor.sessionToken });
  const conv = await vapi.call('startConversation', {
    body: { clientId: 'pglite-conv', message: { clientId: 'pglite-msg-1', body: 'from PGlite' } },
  });
  expect((await got).data.body).toBe('from PGlite');
  // The one-statement send path on PGlite too.
  const next = new Promise<{ data: { body: string; seq: number } }>((r) => socket.once('message.created', r));
  const sent = await vapi.call('sendVisitorMessage', {
    params: { id: conv.id },
    body: { clientId: 'pglite-msg-2', body: 'second, one statement' },
  });
  expect((await next).data).toEqual(sent);
  socket.disconnect();

  // Visitors writing at the same moment: their messages share a statement (the group commit's batch form; the
  // sends are submitted in one tick, so two run alone and the other four together).
  const crowd = await Promise.all(
    Array.from({ length: 6 }, async (_, i) => {
      const s = await createClient({ baseUrl }).call('createWidgetSession', { body: { widgetKey: demo!.widgetKey } });
      const c = createClient({ baseUrl, getToken: () => s.sessionToken });
      const started = await c.call('startConversation', { body: { clientId: `crowd-conv-${i}` } });
      return { visitorId: s.visitorId, id: started.id };
    }),
  );
  const said = await Promise.all(
    crowd.map(({ visitorId, id }, i) =>
      appendMessageFast(services, {
        organizationId: login.organization.id,
        conversationId: id,
        author: { type: 'visitor', id: visitorId },
        type: 'message',
        body: `crowd ${i}`,
        clientId: `crowd-msg-${i}`,
      }),
    ),
  );
  for (const [i, { id }] of crowd.entries()) {
    const history = await api.call('listMessages', { params: { id } });
    expect(history.messages).toEqual([said[i]!.agentView]);
  }
  const [shared] = await query<{ messages: number; transactions: number }>(
    services.db,
    sql`select count(*)::int as messages, count(distinct xmin::text)::int as transactions
        from messages where client_id like 'crowd-msg-%'`,
  );
  expect(shared!.messages).toBe(6);
  expect(shared!.transactions).toBeLessThan(6);

  // Search on PGlite: bodies through the expression index, parts of emails through pg_trgm, which PGlite loads as
  // an extension module (db/client.ts) so that migration 0012 creates its indexes here too.
  const found = await api.call('searchConversations', { query: { q: 'crowd' } });
  expect(found.hits.map((h) => h.conversation.id).sort()).toEqual(crowd.map((c) => c.id).sort());
  const named = await createClient({ baseUrl }).call('createWidgetSession', {
    body: { widgetKey: demo!.widgetKey, email: 'partial.match@pglite.example' },
  });
  const namedConv = await createClient({ baseUrl, getToken: () => named.sessionToken }).call('startConversation', {
    body: { clientId: 'pglite-named', message: { clientId: 'pglite-named-1', body: 'hello' } },
  });
  const byEmail = await api.call('searchConversations', { query: { q: 'match@pglite' } });
  expect(byEmail.hits.map((h) => [h.conversation.id, h.match])).toEqual([[namedConv.id, 'visitor']]);
  const [trigram] = await query<{ n: number }>(
    services.db,
    sql`select count(*)::int as n from pg_indexes where indexname like '%_trgm_idx'`,
  );
  // 0012's names, emails and subjects; 0020's phones and companies (contacts).
  expect(trigram!.n).toBe(5);

  // Push on PGlite: a device, a visitor message, one push.
  await api.call('updateMe', { body: { availability: 'online' } });
  const token = 'ExponentPushToken[pglite0000000001]';
  await api.call('registerDevice', { body: { token, platform: 'ios', appVersion: '1.0.0' } });
  const pushed = await vapi.call('sendVisitorMessage', {
    params: { id: conv.id },
    body: { clientId: 'pglite-msg-3', body: 'push me' },
  });
  await expect
    .poll(() => expo.accepted.length > 0, { timeout: 10_000, interval: 20, message: 'the push' })
    .toBeTruthy();
  expect(expo.accepted.map((p) => [p.to, p.data?.messageId])).toEqual([[token, pushed.id]]);
}, 60_000);
