import { randomBytes } from 'node:crypto';
import type { TAuthResponse, TWidgetSessionResponse } from '@oceras/protocol';
import { ApiError, createClient } from '@oceras/protocol/client';
import pg from 'pg';
import pino from 'pino';
import { io, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { type BuildOptions, buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/client.js';
import { loadEnv } from '../src/env.js';
import { totp } from '../src/modules/two-factor/totp.js';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh PostgreSQL database per test file, migrated, dropped afterwards. */
export async function createTestDatabase() {
  const name = `oceras_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** The real app on a fresh database, listening on a random loopback port. */
export async function startTestServer(
  envOverrides: Record<string, string> = {},
  options: {
    rateLimits?: BuildOptions['rateLimits'];
    /** Reach PostgreSQL through this loopback port (a fault proxy, test/tcp-proxy.ts) instead of directly. */
    databasePort?: number;
    /** A second process of the same deployment: the other server's database (it drops it). */
    databaseOf?: { databaseUrl: string };
    /** Listen on this port (known in advance, e.g. for PUBLIC_URL) rather than a random one. */
    port?: number;
    webhookLookup?: BuildOptions['webhookLookup'];
    /** The clock business hours are read at (automatic replies). */
    clock?: BuildOptions['clock'];
  } = {},
) {
  const testDb = options.databaseOf
    ? { url: options.databaseOf.databaseUrl, drop: async () => undefined }
    : await createTestDatabase();
  const url = options.databasePort ? testDb.url.replace(/@[^/]+\//, `@127.0.0.1:${options.databasePort}/`) : testDb.url;
  const logLines: string[] = [];
  const logger = pino(
    { level: 'info', redact: { paths: ['password', '*.password'], censor: '[redacted]' } },
    { write: (line: string) => void logLines.push(line) },
  );
  const env = loadEnv({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'info',
    PORT: '0',
    ...envOverrides,
  });
  const database = await openDatabase({ url, dataDir: '.data', poolSize: 5, logger });
  const roomy = { max: 100_000, timeWindow: '1 minute' };
  const built = await buildApp({
    env,
    logger,
    database,
    webhookLookup: options.webhookLookup,
    clock: options.clock,
    rateLimits: { signup: roomy, createWidgetSession: roomy, acceptInvitation: roomy, ...options.rateLimits },
  });
  await built.app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = built.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    ...built,
    baseUrl,
    databaseUrl: testDb.url,
    logLines,
    client: (token?: string | (() => string)) =>
      createClient({ baseUrl, getToken: () => (typeof token === 'function' ? token() : token) }),
    /** The database only: for a harness that closed (and replaced) the app itself. */
    async dropDatabase() {
      await database.close();
      await testDb.drop();
    },
    async close() {
      await built.app.close();
      await database.close();
      await testDb.drop();
    },
  };
}
export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

let counter = 0;
/** Factories: a new organization with its admin, through the public API. */
export async function buildOrganization(
  server: TestServer,
  overrides: Partial<{ slug: string; email: string; password: string }> = {},
) {
  const n = `${Date.now().toString(36)}${(counter++).toString(36)}`;
  const password = overrides.password ?? 'correct horse battery';
  const auth: TAuthResponse = await server.client().call('signup', {
    body: {
      organizationName: `Org ${n}`,
      slug: overrides.slug ?? `org-${n}`,
      name: `Admin ${n}`,
      email: overrides.email ?? `admin-${n}@example.com`,
      password,
    },
  });
  return { ...auth, password, api: server.client(auth.accessToken) };
}

type Organization = Awaited<ReturnType<typeof buildOrganization>>;
/** Factory: a colleague in the organization with this role, invited by its admin and signed in through the API. */
export async function buildAgent(
  server: TestServer,
  org: Organization,
  role: 'admin' | 'manager' | 'agent' = 'agent',
  name = `${role[0]!.toUpperCase()}${role.slice(1)} ${(counter++).toString(36)}`,
) {
  const email = `${role}-${Date.now().toString(36)}-${(counter++).toString(36)}@example.com`;
  const invite = await org.api.call('createInvitation', { body: { email, role } });
  const password = 'another long password';
  const auth: TAuthResponse = await server.client().call('acceptInvitation', {
    body: { token: invite.inviteUrl!.split('#token=')[1]!, name, password },
  });
  return { ...auth, password, api: server.client(auth.accessToken) };
}

/** The HTTP status a client call ended with (200 for any success). */
export const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: unknown) => (e instanceof ApiError ? e.status : 0),
  );

/** Asserts that a client call failed with this status (and code). */
export async function expectError(p: Promise<unknown>, status: number, code?: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).status).toBe(status);
  if (code) expect((err as ApiError).code).toBe(code);
}

/** A website visitor, through the widget API and the visitor socket (the browser tests of the apps use it). */
export async function visitor(
  server: TestServer,
  widgetKey: string,
  label: { name?: string; email?: string; locale?: 'en' | 'fr' | 'de' | 'es' } = {},
) {
  const session: TWidgetSessionResponse = await server.client().call('createWidgetSession', {
    body: { widgetKey, ...label },
  });
  const api = server.client(session.sessionToken);
  const socket: Socket = io(`${server.baseUrl}/visitor`, {
    transports: ['websocket'],
    auth: { sessionToken: session.sessionToken },
  });
  const received: { event: string; data: any }[] = [];
  socket.onAny((event, payload) => received.push({ event, data: payload?.data ?? payload }));
  await new Promise((r) => socket.once('session.ready', r));
  let m = 0;
  const id = () => `v-${Date.now().toString(36)}-${m++}`;
  return {
    session,
    api,
    socket,
    received,
    start: (body: string) =>
      api.call('startConversation', { body: { clientId: id(), message: { clientId: id(), body } } }),
    say: (conversationId: string, body: string) =>
      api.call('sendVisitorMessage', { params: { id: conversationId }, body: { clientId: id(), body } }),
    typing: (conversationId: string, isTyping: boolean) =>
      socket.emit('typing.update', { conversationId, isTyping }, () => {}),
    close: () => socket.disconnect(),
  };
}

/**
 * Turns two-factor on for a signed-in agent through the API, as a person with an authenticator app would. `code(n)`
 * is the code of n steps from now (the step just before now was spent enabling: each code works once, so the next
 * sign-in uses `code(0)` and the one after `code(1)`).
 */
export async function enrolTwoFactor(api: ReturnType<TestServer['client']>) {
  const setup = await api.call('setUpTwoFactor');
  const { recoveryCodes } = await api.call('enableTwoFactor', {
    body: { code: totp(setup.secret, Date.now() - 30_000) },
  });
  return { ...setup, recoveryCodes, code: (steps = 0) => totp(setup.secret, Date.now() + steps * 30_000) };
}
