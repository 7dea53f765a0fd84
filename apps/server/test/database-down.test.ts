/** A database that cannot be reached gives 503s and a failing readiness check, never a crash. */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/client.js';
import { loadEnv } from '../src/env.js';

const url = 'postgres://postgres@127.0.0.1:1/nowhere';
let close: (() => Promise<void>) | undefined;
afterAll(async () => {
  await close?.();
});

it('answers 503 while the database is unreachable', async () => {
  const logger = pino({ level: 'silent' });
  const env = loadEnv({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
  });
  const database = await openDatabase({ url, dataDir: '.data', poolSize: 2, logger, migrate: false });
  const { app } = await buildApp({ env, logger, database });
  close = async () => {
    await app.close();
    await database.close();
  };
  const ready = await app.inject({ method: 'GET', url: '/readyz' });
  expect(ready.statusCode).toBe(503);
  expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'a@example.com', password: 'whatever1' },
  });
  expect(login.statusCode).toBe(503);
  expect(login.json().error.code).toBe('SERVICE_UNAVAILABLE');
  const widget = await app.inject({
    method: 'POST',
    url: '/api/v1/widget/sessions',
    payload: { widgetKey: 'wk_aaaaaaaaaaaaaaaaaaaaaaaa' },
  });
  expect(widget.statusCode).toBe(503);
});
