import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ CORS_ORIGINS: 'https://agents.example' });
});
afterAll(async () => {
  await server?.close();
});

const preflight = (method: string, origin: string) =>
  server.app.inject({
    method: 'OPTIONS',
    url: '/api/v1/conversations/00000000-0000-4000-8000-000000000000',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization' },
  });

describe('CORS for agent routes', () => {
  it('lets an allowed origin use every method of the route table', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await preflight(method, 'https://agents.example');
      expect(res.headers['access-control-allow-origin']).toBe('https://agents.example');
      expect(String(res.headers['access-control-allow-methods'])).toContain(method);
    }
  });

  it('gives another origin nothing', async () => {
    const res = await preflight('PATCH', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
