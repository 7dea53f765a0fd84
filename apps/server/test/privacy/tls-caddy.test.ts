/**
 * §8 behind the proxy recipe of docs/DEPLOY.md: Debian's Caddy runs deploy/Caddyfile in front of Oceras, changed
 * only where a test must (the site is localhost with a certificate of a test CA instead of Let's Encrypt's, the
 * upstream is the test server, the ports are free ones), and is checked from outside with openssl and HTTPS.
 * CI installs caddy (.ci/run); without it here the file is skipped with a message, and fails under CI.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers.js';
import { freePort, waitFor } from '../processes.js';
import { handshake, hstsMaxAge, httpGet, httpsGet, ONE_YEAR_S, PATHS, testCertificates } from './tls.js';

const RECIPE = fileURLToPath(new URL('../../../../deploy/Caddyfile', import.meta.url));
const hasCaddy = (() => {
  try {
    execFileSync('caddy', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasCaddy) {
  if (process.env.CI) throw new Error('caddy is missing: .ci/run installs it, and CI must run this test');
  console.warn('tls-caddy.test.ts skipped: no `caddy` binary here (apt-get install caddy; CI installs it)');
}

/** The recipe, with a test's certificate, upstream and ports in place of the production ones. */
function caddyfileForTest(
  recipe: string,
  at: { httpPort: number; httpsPort: number; upstream: string; cert: string; key: string },
) {
  const site = recipe
    .replace('chat.example.com {', 'localhost {')
    .replace(/\ttls \{/, `\ttls ${at.cert} ${at.key} {`)
    .replaceAll('127.0.0.1:3001 127.0.0.1:3002 127.0.0.1:3003', at.upstream);
  return `{\n\tadmin off\n\thttp_port ${at.httpPort}\n\thttps_port ${at.httpsPort}\n}\n\n${site}`;
}

describe.skipIf(!hasCaddy)('§8 All traffic is served over TLS 1.2+ with HSTS enforced', () => {
  let certs: Awaited<ReturnType<typeof testCertificates>>;
  let server: TestServer;
  let caddy: ChildProcess;
  let home = '';
  let httpsPort = 0;
  let httpPort = 0;
  const output: string[] = [];

  beforeAll(async () => {
    certs = await testCertificates();
    server = await startTestServer({ TRUST_PROXY: '1' });
    [httpPort, httpsPort] = [await freePort(), await freePort()];
    home = mkdtempSync(join(tmpdir(), 'oceras-caddy-'));
    const config = join(home, 'Caddyfile');
    const recipe = readFileSync(RECIPE, 'utf8');
    writeFileSync(
      config,
      caddyfileForTest(recipe, {
        httpPort,
        httpsPort,
        upstream: new URL(server.baseUrl).host,
        cert: certs.cert,
        key: certs.key,
      }),
    );
    // Its data and configuration folders in the test's own: nothing of the machine's Caddy is read or written.
    caddy = spawn('caddy', ['run', '--config', config, '--adapter', 'caddyfile'], {
      env: { PATH: process.env.PATH, HOME: home, XDG_DATA_HOME: home, XDG_CONFIG_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    caddy.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    caddy.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    const ca = readFileSync(certs.ca);
    await waitFor(
      async () => {
        if (caddy.exitCode !== null) throw new Error(`caddy exited:\n${output.join('')}`);
        return httpsGet(httpsPort, '/readyz', ca).then(
          (a) => a.status === 200,
          () => false,
        );
      },
      20_000,
      'caddy to proxy /readyz over HTTPS',
    );
  }, 60_000);
  afterAll(async () => {
    if (caddy && caddy.exitCode === null) {
      const exited = new Promise((r) => caddy.once('exit', r));
      caddy.kill('SIGTERM');
      await exited;
    }
    await server?.close();
    certs?.remove();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('§8 All traffic is served over TLS 1.2+ with HSTS enforced — the Caddy recipe refuses TLS 1.0 and 1.1 and offers 1.2 and 1.3', async () => {
    expect(await handshake(httpsPort, 'tls1')).toBeNull();
    expect(await handshake(httpsPort, 'tls1_1')).toBeNull();
    expect(await handshake(httpsPort, 'tls1_2')).toBe('TLSv1.2');
    expect(await handshake(httpsPort, 'tls1_3')).toBe('TLSv1.3');
  });

  it('§8 All traffic is served over TLS 1.2+ with HSTS enforced — behind the Caddy recipe every response carries one HSTS header of at least a year', async () => {
    const ca = readFileSync(certs.ca);
    for (const path of PATHS) {
      const answer = await httpsGet(httpsPort, path, ca);
      expect(answer.status, path).toBeGreaterThan(0);
      expect(hstsMaxAge(answer), path).toBeGreaterThanOrEqual(ONE_YEAR_S);
    }
  });

  it('§8 All traffic is served over TLS 1.2+ with HSTS enforced — the Caddy recipe redirects plain HTTP to HTTPS', async () => {
    const answer = await httpGet(httpPort, '/inbox?x=1');
    expect([301, 308]).toContain(answer.status);
    // Caddy names the HTTPS port only when the request named one for HTTP's (80 and 443 in production).
    expect(answer.headers.location).toMatch(new RegExp(`^https://localhost(:${httpsPort})?/inbox\\?x=1$`));
  });

  // Last: it stops the upstream.
  it('§8 All traffic is served over TLS 1.2+ with HSTS enforced — Caddy’s own answers carry HSTS too (Oceras down: 502)', async () => {
    await server.app.close();
    const down = await httpsGet(httpsPort, '/healthz', readFileSync(certs.ca));
    expect(down.status).toBe(502);
    expect(hstsMaxAge(down)).toBeGreaterThanOrEqual(ONE_YEAR_S);
  });
});
