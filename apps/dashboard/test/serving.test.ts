/** The server serves the built dashboard: pages with a strict CSP, immutable hashed assets, SPA fallback not on the API. */
import { describe, expect } from 'vitest';
import { type TestServer, test } from './e2e';

let server: TestServer;
test.beforeAll(({ server: s }) => {
  server = s;
});

const get = (path: string) => fetch(`${server.baseUrl}${path}`);

describe('dashboard assets', () => {
  test('serves index.html at / and for deep links, with the strict policy', async () => {
    for (const path of ['/', '/conversations/2f1c7f0e-8a4e-4a63-9a0c-0d5f4c1b9e11', '/inbox/mine', '/invite']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
      const html = await res.text();
      expect(html).toContain('<div id="root">');
      // No inline script: every script has a src on this origin.
      // Every script is a file of the build: the bundle's, and zod's jitless switch that must run before it.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/(assets\/|zod-jitless\.js"))[^>]*>/);
    }
  });

  test('serves hashed assets as immutable', async () => {
    const html = await (await get('/')).text();
    const js = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(js).toBeTruthy();
    const res = await get(js!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/missing-123.js')).status).toBe(404);
    // Only files found in dist/ at start-up are served: no path reaches outside it.
    expect((await get('/assets/..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await get('/..%2F..%2F..%2Fpackage.json')).headers.get('content-type')).toContain('text/html');
    expect([400, 404]).toContain((await get('/%E0%A4%A')).status);
  });

  test('never answers the API, sockets, widget or health paths with the dashboard', async () => {
    for (const path of ['/api/v1/nope', '/api/unknown', '/widget.js', '/widget/frame', '/socket.io/x']) {
      const res = await get(path);
      expect(res.headers.get('content-type') ?? '', path).not.toContain('text/html');
    }
    const api = await get('/api/v1/nope');
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await get('/healthz')).status).toBe(200);
    const me = await get('/api/v1/me');
    expect(me.status).toBe(401);
    // The API keeps its own policy.
    expect(me.headers.get('content-security-policy')).not.toContain('ws://');
  });
});
