/**
 * §8 with the server terminating TLS itself (HTTPS_CERT_FILE, HTTPS_KEY_FILE, HTTP_REDIRECT_PORT), for a small install
 * without a proxy: `npm start`'s entry point as a real process, checked from outside with openssl and HTTPS.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/env.js';
import { createTestDatabase } from '../helpers.js';
import { freePort, type ServerProcess, startServerProcess } from '../processes.js';
import { handshake, hstsMaxAge, httpGet, httpsGet, ONE_YEAR_S, oldTlsServer, PATHS, testCertificates } from './tls.js';

let certs: Awaited<ReturnType<typeof testCertificates>>;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: ServerProcess;
let redirectPort = 0;

beforeAll(async () => {
  certs = await testCertificates();
  db = await createTestDatabase();
  redirectPort = await freePort();
  const ca = readFileSync(certs.ca);
  server = await startServerProcess(
    {
      DATABASE_URL: db.url,
      HTTPS_CERT_FILE: certs.cert,
      HTTPS_KEY_FILE: certs.key,
      HTTP_REDIRECT_PORT: String(redirectPort),
    },
    { isReady: async (port) => (await httpsGet(port, '/readyz', ca)).status === 200 },
  );
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await db?.drop();
  certs?.remove();
});

describe('§8 All traffic is served over TLS 1.2+ with HSTS enforced', () => {
  it('§8 All traffic is served over TLS 1.2+ with HSTS enforced — the server’s own TLS refuses TLS 1.0 and 1.1 and offers 1.2 and 1.3', async () => {
    // The client used can speak TLS 1.0: a server that allows it is seen to.
    const control = await freePort();
    const old = oldTlsServer(control, certs);
    await expect.poll(() => handshake(control, 'tls1'), { timeout: 10_000 }).toMatch(/^TLSv1(\.0)?$/);
    old.stop();
    expect(await handshake(server.port, 'tls1')).toBeNull();
    expect(await handshake(server.port, 'tls1_1')).toBeNull();
    expect(await handshake(server.port, 'tls1_2')).toBe('TLSv1.2');
    expect(await handshake(server.port, 'tls1_3')).toBe('TLSv1.3');
  });

  it('§8 All traffic is served over TLS 1.2+ with HSTS enforced — every response of the server’s own HTTPS carries HSTS for at least a year', async () => {
    const ca = readFileSync(certs.ca);
    for (const path of PATHS) {
      const answer = await httpsGet(server.port, path, ca);
      expect(answer.status, path).toBeGreaterThan(0);
      expect(hstsMaxAge(answer), path).toBeGreaterThanOrEqual(ONE_YEAR_S);
    }
  });

  it('§8 All traffic is served over TLS 1.2+ with HSTS enforced — plain HTTP (HTTP_REDIRECT_PORT) only redirects to the HTTPS address', async () => {
    const get = await httpGet(redirectPort, '/inbox?x=1');
    expect(get.status).toBe(301);
    expect(get.headers.location).toBe(`https://localhost:${server.port}/inbox?x=1`);
    const post = await httpGet(redirectPort, '/api/v1/auth/login', 'POST');
    expect(post.status).toBe(308);
    expect(post.headers.location).toBe(`https://localhost:${server.port}/api/v1/auth/login`);
    // Nothing is served on plain HTTP, not even the health check.
    expect((await httpGet(redirectPort, '/healthz')).status).toBe(301);
  });

  it('§8 All traffic is served over TLS 1.2+ with HSTS enforced — HTTPS_CERT_FILE and HTTPS_KEY_FILE go together, and the redirect needs them', () => {
    expect(() => loadEnv({ DATA_DIR: certs.dir, HTTPS_CERT_FILE: certs.cert })).toThrow(/HTTPS_KEY_FILE/);
    expect(() => loadEnv({ DATA_DIR: certs.dir, HTTP_REDIRECT_PORT: '80' })).toThrow(/HTTP_REDIRECT_PORT/);
    const env = loadEnv({ DATA_DIR: certs.dir, PORT: '8443', HTTPS_CERT_FILE: certs.cert, HTTPS_KEY_FILE: certs.key });
    expect(env.PUBLIC_URL).toBe('https://localhost:8443');
  });
});
