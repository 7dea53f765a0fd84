import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { ServerOptions } from 'node:https';

/** §8: "All traffic is served over TLS 1.2+ with HSTS enforced." */
export const TLS_MIN_VERSION = 'TLSv1.2';
/** A year, subdomains included: what browsers' preload lists ask for. */
export const HSTS_MAX_AGE_S = 31_536_000;
export const HSTS_HEADER = `max-age=${HSTS_MAX_AGE_S}; includeSubDomains`;

/**
 * The server's own TLS, for a small install without a proxy (HTTPS_CERT_FILE and HTTPS_KEY_FILE, e.g. Let's
 * Encrypt's fullchain.pem and privkey.pem): TLS 1.2 or newer; null without them (a proxy terminates TLS).
 */
export function httpsOptions(env: { HTTPS_CERT_FILE?: string; HTTPS_KEY_FILE?: string }): ServerOptions | null {
  if (!env.HTTPS_CERT_FILE || !env.HTTPS_KEY_FILE) return null;
  return {
    cert: readFileSync(env.HTTPS_CERT_FILE),
    key: readFileSync(env.HTTPS_KEY_FILE),
    minVersion: TLS_MIN_VERSION,
  };
}

/**
 * Plain HTTP that only sends each request to the same path on PUBLIC_URL (HTTP_REDIRECT_PORT, usually 80):
 * 301 for GET and HEAD, 308 otherwise (the method and body are kept). Nothing is served over plain HTTP.
 */
export async function startHttpsRedirect(host: string, port: number, publicUrl: string): Promise<Server> {
  const server = createServer((req, res) => {
    const status = req.method === 'GET' || req.method === 'HEAD' ? 301 : 308;
    res.writeHead(status, { location: `${publicUrl}${req.url ?? '/'}`, 'content-length': 0, connection: 'close' });
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
