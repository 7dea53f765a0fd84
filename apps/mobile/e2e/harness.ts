import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../server/test/chromium.js';

export { visitor } from '../../server/test/helpers.js';

const ROOT = new URL('..', import.meta.url).pathname;
export const DIST = join(ROOT, 'dist');
export const SCREENSHOTS = join(ROOT, 'screenshots');

/** The web export as `npm run build` makes it; built here when a test run starts without it. */
export function buildWebIfMissing() {
  if (existsSync(join(DIST, 'index.html'))) return;
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
};

/** A static server for the export on its own origin (as a phone app is not the API's origin), SPA fallback. */
export async function serveDist(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let file = normalize(join(DIST, decodeURIComponent(url.pathname)));
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) file = join(DIST, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export function screenshotPath(name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}

export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A loopback port that forwards to another, chosen before the server starts: the test server listens on a port of
 * its own, but the file store's upload and download URLs carry PUBLIC_URL, so PUBLIC_URL is this port. `throttle`
 * slows what clients send through it (uploads), as a phone's uplink is: bytes per second, 0 for no limit.
 */
export async function forwarder() {
  let target = 0;
  let bytesPerSecond = 0;
  const open = new Set<Socket>();
  const tcp = createTcpServer((socket) => {
    const upstream = connect(target, '127.0.0.1');
    open.add(socket).add(upstream);
    upstream.pipe(socket);
    socket.on('data', (chunk: Buffer) => {
      if (!bytesPerSecond) return void upstream.write(chunk);
      // Read no more until this chunk has gone out at the allowed pace: the sender's buffers fill and it waits.
      socket.pause();
      let offset = 0;
      const next = () => {
        if (offset >= chunk.length || upstream.destroyed) return void socket.resume();
        const piece = chunk.subarray(offset, offset + 4096);
        offset += piece.length;
        upstream.write(piece);
        setTimeout(next, (piece.length / bytesPerSecond) * 1000);
      };
      next();
    });
    // Either side closing or failing ends both (a cancelled upload closes its connection mid-way).
    const end = () => {
      socket.destroy();
      upstream.destroy();
      open.delete(socket);
      open.delete(upstream);
    };
    for (const side of [socket, upstream]) side.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  const address = tcp.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    to: (url: string) => {
      target = Number(new URL(url).port);
    },
    throttle: (limit: number) => {
      bytesPerSecond = limit;
    },
    close: () =>
      new Promise<void>((r) => {
        tcp.close(() => r());
        for (const s of open) s.destroy();
      }),
  };
}

/** How opaque an element looks: its opacity times its ancestors' (a modal that has faded in is 1). */
export const opacity = (el: Element) => {
  let value = 1;
  for (let e: Element | null = el; e; e = e.parentElement) value *= Number(getComputedStyle(e).opacity);
  return value;
};
