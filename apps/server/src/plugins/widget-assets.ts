import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { organizations } from '../db/schema.js';
import { appDist } from '../lib/app-dist.js';
import { storageOrigins } from '../modules/attachments/create-storage.js';
import { presentWidgetSettings } from '../modules/organizations/organization.presenter.js';
import { frameAncestors } from '../modules/widget/allowed-origin.js';
import type { Services } from '../services.js';

const DEFAULT_DIST = appDist('@oceras/widget');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

interface Asset {
  body: Buffer;
  etag: string;
  mtimeMs: number;
}

/**
 * Serves the built widget (apps/widget/dist): `/widget.js` (the loader, any site may load it, 5 min cache + ETag),
 * `/widget/frame.html` (the chat frame: may be framed by the organization's allowedDomains only, its own strict CSP)
 * and `/widget/assets/*` (content-hashed, immutable).
 */
export function registerWidgetAssets(app: FastifyInstance, services: Services, distDir = DEFAULT_DIST) {
  const cache = new Map<string, Asset>();
  const load = (file: string): Asset | null => {
    try {
      const { mtimeMs } = statSync(file);
      const hit = cache.get(file);
      if (hit && hit.mtimeMs === mtimeMs) return hit;
      const body = readFileSync(file);
      const asset = { body, mtimeMs, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
      cache.set(file, asset);
      return asset;
    } catch {
      return null;
    }
  };
  const send = (req: FastifyRequest, rep: FastifyReply, file: string, cacheControl: string) => {
    const asset = load(file);
    if (!asset)
      return rep.code(404).send({ error: { code: 'NOT_FOUND', message: 'widget not built (npm run build)' } });
    rep.header('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    rep.header('cache-control', cacheControl);
    rep.header('etag', asset.etag);
    if (req.headers['if-none-match'] === asset.etag) return rep.code(304).send();
    return rep.send(asset.body);
  };

  const assetLimit = { rateLimit: { max: 600, timeWindow: '1 minute' } };
  app.get('/widget.js', { schema: { hide: true }, config: assetLimit }, async (req, rep) => {
    // Loaded by a <script> on customers' pages: helmet's default same-origin CORP would block it.
    rep.header('cross-origin-resource-policy', 'cross-origin');
    return send(req, rep, join(distDir, 'loader', 'widget.js'), 'public, max-age=300');
  });

  app.get('/widget/frame.html', { schema: { hide: true }, config: assetLimit }, async (req, rep) => {
    const key = (req.query as { key?: unknown }).key;
    const [org] =
      typeof key === 'string' && key.length < 100
        ? await services.db.select().from(organizations).where(eq(organizations.widgetKey, key))
        : [];
    if (!org) return rep.code(404).send({ error: { code: 'NOT_FOUND', message: 'widget not found' } });
    const host = req.headers.host ?? '';
    const files = storageOrigins(services.env).join(' ');
    rep.removeHeader('x-frame-options');
    rep.header('cross-origin-opener-policy', 'unsafe-none');
    rep.header(
      'content-security-policy',
      [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        // Images from Oceras only (and the operator's file bucket with STORAGE_DRIVER=s3): the visitor's browser
        // contacts no third party (§5); an agent's avatar elsewhere shows as an initial (frame/thread.tsx).
        `img-src 'self' data: ${files}`.trim(),
        `connect-src 'self' ws://${host} wss://${host} ${files}`.trim(),
        "base-uri 'none'",
        "form-action 'none'",
        `frame-ancestors ${frameAncestors(presentWidgetSettings(org).allowedDomains)}`,
      ].join('; '),
    );
    return send(req, rep, join(distDir, 'frame', 'frame.html'), 'no-cache');
  });

  app.get('/widget/assets/*', { schema: { hide: true }, config: assetLimit }, async (req, rep) => {
    const rel = normalize((req.params as { '*': string })['*']);
    if (rel.startsWith('..') || rel.includes(`${sep}..`) || rel.startsWith(sep))
      return rep.code(404).send({ error: { code: 'NOT_FOUND', message: 'no such asset' } });
    return send(req, rep, join(distDir, 'frame', 'assets', rel), 'public, max-age=31536000, immutable');
  });
}
