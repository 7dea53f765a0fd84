import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appDist } from '../lib/app-dist.js';

/** Paths that are never the dashboard: an unknown one stays a JSON 404 (or whatever owns it). */
const NOT_DASHBOARD = /^\/(api|socket\.io)(\/|$)|^\/widget|^\/(healthz|readyz)$/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The dashboard's pages get their own strict policy (helmet's default stays on the API): scripts and styles only
 * from this origin, no inline script, the socket to this origin only (and uploads to the file bucket's origins,
 * `fileOrigins`, with STORAGE_DRIVER=s3), never framed.
 */
export function dashboardCsp(host: string | undefined, fileOrigins: string[] = []) {
  const safeHost = (host ?? '').replace(/[^A-Za-z0-9.:[\]-]/g, '');
  const sockets = safeHost ? ` ws://${safeHost} wss://${safeHost}` : '';
  const files = fileOrigins.map((o) => ` ${o}`).join('');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    `connect-src 'self'${sockets}${files}`,
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

interface Asset {
  body: Buffer;
  type: string;
  isHashed: boolean;
}

function loadAssets(dist: string) {
  const assets = new Map<string, Asset>();
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else
        assets.set(`/${prefix}${name}`, {
          body: readFileSync(full),
          type: TYPES[extname(name)] ?? 'application/octet-stream',
          isHashed: prefix.startsWith('assets/'),
        });
    }
  };
  walk(normalize(dist + sep), '');
  return assets;
}

/**
 * Serves the built dashboard: `dist/assets/*` (content-hashed, immutable), other files of `dist/`, and index.html for
 * any other GET that is not the API, the sockets, the widget or the health checks (the dashboard routes itself).
 * Without a build it registers nothing, so the API runs alone.
 */
export async function dashboardAssets(app: FastifyInstance, opts: { dist?: string; fileOrigins?: string[] } = {}) {
  const dist = opts.dist ?? appDist('@oceras/dashboard');
  if (!existsSync(join(dist, 'index.html'))) {
    app.log.warn({ dist }, 'dashboard not built: run npm run build');
    return;
  }
  const assets = loadAssets(dist);
  const index = assets.get('/index.html')!;

  const send = (req: FastifyRequest, rep: FastifyReply, asset: Asset, cache: string) =>
    rep
      .header('content-type', asset.type)
      .header('cache-control', cache)
      .header('content-security-policy', dashboardCsp(req.headers.host, opts.fileOrigins))
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer')
      .send(asset.body);

  app.get('/*', { schema: { hide: true } }, async (req, rep) => {
    let path: string;
    try {
      path = decodeURIComponent(req.url.split('?')[0] ?? '/');
    } catch {
      return rep.callNotFound();
    }
    if (NOT_DASHBOARD.test(path)) return rep.callNotFound();
    const asset = path === '/' ? undefined : assets.get(path);
    if (asset) return send(req, rep, asset, asset.isHashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (path.startsWith('/assets/')) return rep.callNotFound();
    return send(req, rep, index, 'no-cache');
  });
}
