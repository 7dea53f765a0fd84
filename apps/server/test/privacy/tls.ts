/**
 * What the TLS tests check a server with (§8): a test CA and a certificate for localhost made with openssl, the
 * protocol versions a handshake gets with `openssl s_client`, and HTTP(S) requests that trust the test CA.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (cmd: string, args: string[], cwd?: string) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    const child = execFile(cmd, args, { cwd, timeout: 15_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
    child.stdin?.end();
  });

/** A CA and a certificate it signed for localhost and 127.0.0.1, in a temporary folder. */
export async function testCertificates() {
  const dir = mkdtempSync(join(tmpdir(), 'oceras-tls-'));
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  const steps: [string, string[]][] = [
    ['openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2']],
    ['openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.csr']],
    [
      'openssl',
      ['x509', '-req', '-in', 'cert.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'cert.pem'],
    ],
  ];
  const subjects = ['/CN=Oceras test CA', '/CN=localhost', null];
  for (const [i, [cmd, args]] of steps.entries()) {
    const extra = subjects[i] ? ['-subj', subjects[i]!] : ['-days', '2', '-extfile', 'ext.cnf'];
    const { code, output } = await run(cmd, [...args, ...extra], dir);
    if (code !== 0) throw new Error(`openssl failed: ${output}`);
  }
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    cert: join(dir, 'cert.pem'),
    key: join(dir, 'key.pem'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type TlsVersion = 'tls1' | 'tls1_1' | 'tls1_2' | 'tls1_3';

/**
 * The protocol a TLS handshake with only `version` offered agrees on, or null if the server refuses it. The client
 * runs at OpenSSL's security level 0, so that it does offer TLS 1.0 and 1.1 (Debian's default level refuses them
 * itself, which would prove nothing about the server).
 */
export async function handshake(port: number, version: TlsVersion): Promise<string | null> {
  const args = ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', `-${version}`];
  if (version !== 'tls1_3') args.push('-cipher', 'DEFAULT@SECLEVEL=0');
  const { code, output } = await run('openssl', args);
  // "New, TLSv1.3, Cipher is …" after the handshake; "Protocol : TLSv1.2" in the session, when it is printed.
  const agreed = (/Protocol\s*:\s*(TLSv[\d.]+)/.exec(output) ?? /New, (TLSv[\d.]+)/.exec(output))?.[1] ?? null;
  return code === 0 && agreed ? agreed : null;
}

/** A throwaway `openssl s_server` that does speak TLS 1.0: shows that `handshake` can tell a server that accepts. */
export function oldTlsServer(port: number, certs: { cert: string; key: string }) {
  const child = execFile('openssl', [
    's_server',
    '-accept',
    `127.0.0.1:${port}`,
    '-cert',
    certs.cert,
    '-key',
    certs.key,
    '-tls1',
    '-cipher',
    'DEFAULT@SECLEVEL=0',
    '-quiet',
  ]);
  return { stop: () => child.kill() };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** GET over HTTPS to 127.0.0.1 as `localhost`, trusting the test CA only. */
export function httpsGet(port: number, path: string, ca: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, path, servername: 'localhost', headers: { host: `localhost:${port}` }, ca },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** GET over plain HTTP. */
export function httpGet(port: number, path: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method, headers: { host: `localhost:${port}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The max-age of a response's Strict-Transport-Security header (0 if it has none, or several: Node joins them). */
export function hstsMaxAge(answer: Answer): number {
  const value = answer.headers['strict-transport-security'];
  if (typeof value !== 'string' || value.includes(',')) return 0;
  return Number(/max-age=(\d+)/.exec(value)?.[1] ?? 0);
}

/** What every TLS test asks of its server: a page, the API, a 404, the widget, a Socket.IO poll. */
export const PATHS = [
  '/',
  '/healthz',
  '/api/v1/config',
  '/api/v1/no-such-route',
  '/widget.js',
  '/socket.io/?EIO=4&transport=polling',
];

export const ONE_YEAR_S = 31_536_000;
