import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { TWidgetSessionResponse } from '@oceras/protocol';
import { chromium } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../server/test/chromium.js';
import type { TestServer } from '../../server/test/helpers.js';

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

/** A website visitor, through the widget API and the visitor socket. */
export async function visitor(server: TestServer, widgetKey: string, label: { name?: string; email?: string } = {}) {
  const session: TWidgetSessionResponse = await server.client().call('createWidgetSession', {
    body: { widgetKey, ...label },
  });
  const api = server.client(session.sessionToken);
  const socket: Socket = io(`${server.baseUrl}/visitor`, {
    transports: ['websocket'],
    auth: { sessionToken: session.sessionToken },
  });
  const received: { event: string; data: any }[] = [];
  socket.onAny((event, payload) => received.push({ event, data: payload?.data ?? payload }));
  await new Promise((r) => socket.once('session.ready', r));
  let m = 0;
  const id = () => `v-${Date.now().toString(36)}-${m++}`;
  return {
    session,
    api,
    socket,
    received,
    start: (body: string) =>
      api.call('startConversation', { body: { clientId: id(), message: { clientId: id(), body } } }),
    say: (conversationId: string, body: string) =>
      api.call('sendVisitorMessage', { params: { id: conversationId }, body: { clientId: id(), body } }),
    typing: (conversationId: string, isTyping: boolean) =>
      socket.emit('typing.update', { conversationId, isTyping }, () => {}),
    close: () => socket.disconnect(),
  };
}

export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
