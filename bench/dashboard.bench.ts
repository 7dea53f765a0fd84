/**
 * Dashboard bench: `npx tsx bench/dashboard.bench.ts` (bench/run.mjs runs every bench/*.bench.ts in its own process).
 *
 * 1. First screen: gzip size of the JavaScript index.html loads (entry + modulepreloads; lazy admin pages excluded).
 * 2. An inbox of 10,000 conversations: time from navigation to the first rows painted, served by a stand-in API with
 *    the real keyset paging (50 per page), then the whole list paged in (the worst case for live updates).
 * 3. Live load: 100 events per second (half message.created, half conversation.updated, on random rows) over a real
 *    Socket.IO /agent namespace for 5 s, while requestAnimationFrame counts frames: fps and the longest frame.
 *
 * The dashboard is the production build served as the server serves it; the API and socket are a stand-in so the
 * figure is the browser's work, not PostgreSQL's. Writes bench/results/dashboard.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { TConversation, TMessage } from '@oceras/protocol';
import { chromium } from 'playwright-core';
import { Server } from 'socket.io';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../apps/server/test/chromium.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'apps/dashboard/dist');
const TOTAL = 10_000;
const EVENTS_PER_SECOND = 100;
const LOAD_SECONDS = 5;
/** The same goal shape as the other benches (bench/run.mjs prints `what value unit` and pass per goal). */
interface Goal {
  what: string;
  value: number;
  target: number;
  op: 'below' | 'above';
  unit?: string;
}
const passes = (g: Goal) => (g.op === 'below' ? g.value < g.target : g.value >= g.target);

function build() {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: join(ROOT, 'apps/dashboard'),
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

function firstScreenJs() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  const sizes = files.map((f) => {
    const body = readFileSync(join(DIST, f));
    return { file: f, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
  return { files: sizes, gzipKb: sizes.reduce((s, f) => s + f.gzip, 0) / 1024 };
}

// ---------- a stand-in API with 10,000 conversations ----------
const ME = '00000000-0000-4000-8000-0000000000a1';
const ORG = '00000000-0000-4000-8000-0000000000b1';
const base = Date.parse('2026-01-01T00:00:00Z');
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const conversations: TConversation[] = Array.from({ length: TOTAL }, (_, i) => ({
  id: uuid(i + 1),
  number: i + 1,
  status: 'open',
  snoozedUntil: null,
  priority: (['none', 'low', 'medium', 'high', 'urgent'] as const)[i % 5]!,
  assigneeId: i % 3 === 0 ? ME : null,
  teamId: null,
  channel: 'chat',
  tags: i % 7 === 0 ? ['billing'] : [],
  subject: i % 4 === 0 ? `Order #${10_000 + i}` : null,
  visitor: { id: uuid(100_000 + i), name: `Visitor ${i + 1}`, email: `v${i + 1}@example.com`, isErased: false },
  lastMessagePreview: `Message number ${i + 1} about something that matters to the visitor`,
  lastMessageSeq: 3,
  lastActivityAt: new Date(base - i * 60_000).toISOString(),
  waitingSince: null,
  firstReplyAt: null,
  rating: null,
  customFields: {},
  createdAt: new Date(base - i * 60_000).toISOString(),
  version: 1,
  unreadCount: i % 2,
  lastReadSeq: 2,
}));

const organization = {
  id: ORG,
  name: 'Bench Org',
  slug: 'bench',
  widgetKey: 'wk_benchbenchbenchbench',
  widgetSettings: {
    color: '#1f6feb',
    position: 'right',
    greeting: 'Hi',
    teamName: '',
    preChatForm: 'off',
    privacyPolicyUrl: null,
    allowedDomains: [],
  },
  createdAt: new Date(base).toISOString(),
};
const agent = {
  id: ME,
  name: 'Bench Agent',
  email: 'bench@example.com',
  role: 'admin',
  avatarUrl: null,
  availability: 'online',
  isConnected: true,
  createdAt: new Date(base).toISOString(),
};

function api(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  const json = (body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const p = url.pathname;
  if (p === '/api/v1/me') return json({ agent, organization });
  if (p === '/api/v1/agents') return json({ agents: [agent] });
  if (p === '/api/v1/conversations/counts')
    return json({
      mine: 3334,
      unassigned: 6666,
      all: TOTAL,
      byStatus: { open: TOTAL, pending: 0, snoozed: 0, resolved: 0 },
      unreadConversations: 5000,
    });
  if (p === '/api/v1/conversations') {
    const view = url.searchParams.get('view');
    const rows = conversations
      .filter((c) => (view === 'mine' ? c.assigneeId === ME : view === 'unassigned' ? !c.assigneeId : true))
      .sort((a, b) => (a.lastActivityAt < b.lastActivityAt ? 1 : -1));
    const start = Number(url.searchParams.get('cursor')?.slice(1) ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 25);
    const page = rows.slice(start, start + limit);
    return json({ conversations: page, nextCursor: start + limit < rows.length ? `c${start + limit}` : null });
  }
  const one = p.match(/^\/api\/v1\/conversations\/([0-9a-f-]{36})$/);
  if (one) return json(conversations.find((c) => c.id === one[1]));
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{"error":{"code":"NOT_FOUND","message":"bench"}}');
}

function serve(req: IncomingMessage, res: ServerResponse) {
  if ((req.url ?? '').startsWith('/api/')) return api(req, res);
  const path = (req.url ?? '/').split('?')[0]!;
  const file = join(DIST, path);
  const isAsset = path !== '/' && existsSync(file) && !path.endsWith('/');
  const type = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' }[extname(path)] ?? 'text/html';
  res.writeHead(200, { 'content-type': isAsset ? type : 'text/html' });
  res.end(readFileSync(isAsset ? file : join(DIST, 'index.html')));
}

function fakeJwt() {
  const now = Math.floor(Date.now() / 1000);
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part({ iat: now, exp: now + 900, sub: ME })}.sig`;
}

async function main() {
  build();
  const firstScreen = firstScreenJs();

  const http = createServer(serve);
  const io = new Server(http, { path: '/socket.io' });
  let seq = 0;
  const agents = io.of('/agent');
  agents.on('connection', (s) => {
    s.emit('session.ready', { protocolVersion: 1, seq, replayed: 0 });
    s.on('conversation.view', (_p, ack) => ack?.({ ok: true, data: null }));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const address = http.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const tokens = {
    accessToken: fakeJwt(),
    accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
    refreshToken: 'rt_bench_bench_bench_bench',
    sessionId: uuid(999),
    localExpiresAt: Date.now() + 900_000,
  };
  // Page-side code is passed as strings: this file is type-checked without the DOM library (bench/tsconfig.json),
  // and tsx would wrap named functions in a helper the page does not have.
  await context.addInitScript(`localStorage.setItem('oceras.tokens', ${JSON.stringify(JSON.stringify(tokens))})`);
  const page = await context.newPage();

  // First paint of an inbox of 10,000 (All): navigation start to the first row on screen.
  await page.goto(`${origin}/inbox/all`);
  await page.waitForSelector('.list-row .conv');
  const firstPaintMs = await page.evaluate<{ rowsVisibleAt: number; fcp: number | null }>(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    return { rowsVisibleAt: performance.now() - (nav ? nav.startTime : 0), fcp: paint ? paint.startTime : null };
  })()`);

  // Page the whole list in, as an agent scrolling to the end would.
  const loadAllStart = Date.now();
  for (let i = 0; i < 400; i++) {
    const count = await page.evaluate<number>(`(() => {
      const el = document.querySelector('.list-scroll');
      if (el) el.scrollTop = el.scrollHeight;
      const inner = document.querySelector('.list-inner');
      return inner ? inner.getBoundingClientRect().height : 0;
    })()`);
    if (count >= TOTAL * 86) break;
    await page.waitForTimeout(20);
  }
  const loadAllMs = Date.now() - loadAllStart;
  const loadedRows = await page.evaluate<number>(
    `Math.round((document.querySelector('.list-inner')?.getBoundingClientRect().height ?? 0) / 86)`,
  );
  await page.evaluate(`document.querySelector('.list-scroll').scrollTop = 0`);

  // 100 events per second for 5 s while counting frames.
  await page.evaluate(`(() => {
    window.__frames = [];
    const tick = (t) => { window.__frames.push(t); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await page.waitForTimeout(300);
  const frameStart = await page.evaluate<number>('performance.now()');
  const interval = 1000 / EVENTS_PER_SECOND;
  let sent = 0;
  const started = Date.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.floor(((Date.now() - started) / 1000) * EVENTS_PER_SECOND);
      while (sent < due && sent < EVENTS_PER_SECOND * LOAD_SECONDS) {
        const c = conversations[Math.floor(Math.random() * TOTAL)]!;
        seq++;
        const at = new Date(base + seq * 1000).toISOString();
        if (sent % 2 === 0) {
          c.lastMessageSeq++;
          const msg: TMessage = {
            id: uuid(500_000 + seq),
            conversationId: c.id,
            seq: c.lastMessageSeq,
            clientId: null,
            type: 'message',
            author: { type: 'visitor', id: c.visitor.id, name: c.visitor.name, avatarUrl: null },
            body: `Live message ${seq}`,
            system: null,
            createdAt: at,
          };
          agents.emit('message.created', { seq, at, data: msg });
        } else {
          c.version = seq;
          c.priority = c.priority === 'high' ? 'low' : 'high';
          c.lastActivityAt = at;
          const { unreadCount: _u, lastReadSeq: _l, ...baseConv } = c;
          agents.emit('conversation.updated', { seq, at, data: { conversation: baseConv, changes: ['priority'] } });
        }
        sent++;
      }
      if (sent >= EVENTS_PER_SECOND * LOAD_SECONDS) {
        clearInterval(timer);
        resolve();
      }
    }, interval);
  });
  await page.waitForTimeout(200);
  const frames = await page.evaluate<number[]>(`window.__frames.filter((t) => t >= ${frameStart})`);
  const span = (frames.at(-1)! - frames[0]!) / 1000;
  const fps = (frames.length - 1) / span;
  let longestFrameMs = 0;
  for (let i = 1; i < frames.length; i++) longestFrameMs = Math.max(longestFrameMs, frames[i]! - frames[i - 1]!);
  const topRow = await page.locator('.list-row .conv-name').first().textContent();

  await browser.close();
  io.close();
  http.close();

  const figures = {
    firstScreenGzipKb: Math.round(firstScreen.gzipKb * 10) / 10,
    firstScreenFiles: firstScreen.files,
    inboxSize: TOTAL,
    firstPaintMs: Math.round(firstPaintMs.rowsVisibleAt),
    firstContentfulPaintMs: firstPaintMs.fcp === null ? null : Math.round(firstPaintMs.fcp),
    pageAllInMs: loadAllMs,
    rowsLoaded: loadedRows,
    eventsSent: sent,
    eventsPerSecond: EVENTS_PER_SECOND,
    fps: Math.round(fps * 10) / 10,
    longestFrameMs: Math.round(longestFrameMs),
    topRowAfterEvents: topRow,
  };
  const goals: Goal[] = [
    { what: 'first screen JS gzip', value: figures.firstScreenGzipKb, target: 150, op: 'below', unit: ' KB' },
    { what: 'first inbox paint (10,000)', value: figures.firstPaintMs, target: 1000, op: 'below', unit: ' ms' },
    { what: 'fps under 100 events/s', value: figures.fps, target: 30, op: 'above', unit: ' fps' },
  ];
  const pass = goals.every(passes);
  const result = {
    name: 'dashboard',
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      browser: `chromium ${browser.version()}`,
    },
    figures,
    goals: goals.map((g) => ({ ...g, pass: passes(g) })),
    pass,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/dashboard.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  process.exitCode = pass ? 0 : 1;
}

await main();
