// The website widget: bytes shipped (loader; the chat a visitor downloads to open and use it, with Preact and
// socket.io-client; apart, each chunk loaded on demand; minified and gzip) and, in chromium on a local page, the time
// from the script tag to the launcher on screen and from a click to a usable chat (median of several cold runs, each
// in a fresh browser profile).
// Run: npx tsx bench/widget.bench.ts
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { buildApp } from '../apps/server/src/app.js';
import { openDatabase } from '../apps/server/src/db/client.js';
import { loadEnv } from '../apps/server/src/env.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../apps/server/test/chromium.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'apps/widget/dist');
const RUNS = Number(process.env.BENCH_WIDGET_RUNS ?? 7);
const ADMIN = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

execFileSync('npm', ['run', 'build', '-w', '@oceras/widget'], { cwd: ROOT, stdio: 'ignore' });

const kb = (n: number) => Math.round((n / 1024) * 100) / 100;
const sizeOf = (files: string[]) => {
  const bodies = files.map((f) => readFileSync(f));
  return {
    minifiedKB: kb(bodies.reduce((a, b) => a + b.length, 0)),
    gzipKB: kb(bodies.reduce((a, b) => a + gzipSync(b, { level: 9 }).length, 0)),
  };
};
const assets = readdirSync(join(DIST, 'frame/assets')).map((f) => join(DIST, 'frame/assets', f));
const isJs = (f: string) => f.endsWith('.js');

// What loads when, from Vite's manifest: the entry (frame.html's script) with the chunks it imports statically and
// their CSS is what opening the chat downloads; every `import()` target (with what it imports that the entry does
// not) is a chunk loaded on demand, reported apart: the dashboard's preview, the upload path, and any later one.
// The locales other than English are on-demand chunks too, but a visitor who reads one downloads it to open the
// chat: the chat's figure counts the largest of them (an English reader downloads that much less).
interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  css?: string[];
}
const manifest = JSON.parse(readFileSync(join(DIST, 'frame/.vite/manifest.json'), 'utf8')) as Record<
  string,
  ManifestChunk
>;
const staticClosure = (key: string, seen = new Set<string>()): Set<string> => {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const i of manifest[key]?.imports ?? []) staticClosure(i, seen);
  return seen;
};
const filesOf = (keys: Iterable<string>) => [
  ...new Set(
    [...keys].flatMap((k) => [manifest[k]!.file, ...(manifest[k]!.css ?? [])].map((f) => join(DIST, 'frame', f))),
  ),
];
const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
const opening = staticClosure(entryKey);
const onDemand = Object.keys(manifest)
  .filter((k) => manifest[k]!.isDynamicEntry)
  .map((k) => {
    const files = filesOf([...staticClosure(k)].filter((x) => !opening.has(x)));
    return { name: manifest[k]!.src ?? k, files, isLocale: /(^|\/)locales\//.test(manifest[k]!.src ?? k) };
  });
const openingFiles = filesOf(opening);
const largestLocale = onDemand
  .filter((c) => c.isLocale)
  .sort((a, b) => sizeOf(b.files).gzipKB - sizeOf(a.files).gzipKB)[0];
const loader = sizeOf([join(DIST, 'loader/widget.js')]);
const chatFiles = [join(DIST, 'frame/frame.html'), ...openingFiles];
const chat = sizeOf([...chatFiles, ...(largestLocale?.files ?? [])]);
const chatInEnglish = sizeOf(chatFiles);
const chatJs = sizeOf([...openingFiles, ...(largestLocale?.files ?? [])].filter(isJs));
const onDemandChunks = onDemand.map((c) => ({
  name: c.name,
  files: c.files.map((f) => basename(f)).join(' '),
  ...sizeOf(c.files),
}));
const hasZod = assets.filter(isJs).some((f) => /ZodError|zod/.test(readFileSync(f, 'utf8')));

// The real server on a fresh database.
const dbName = `oceras_bench_widget_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query(`create database ${dbName}`);
await admin.end();
const dbUrl = ADMIN.replace(/\/[^/]*$/, `/${dbName}`);
const logger = pino({ level: 'warn' });
const env = loadEnv({
  NODE_ENV: 'test',
  DATABASE_URL: dbUrl,
  JWT_SECRET: 'b'.repeat(48),
  PORT: '0',
  LOG_LEVEL: 'warn',
});
const database = await openDatabase({ url: dbUrl, dataDir: '.data', poolSize: 5, logger });
const roomy = { max: 100_000, timeWindow: '1 minute' };
const { app } = await buildApp({ env, logger, database, rateLimits: { createWidgetSession: roomy } });
await app.listen({ host: '127.0.0.1', port: 0 });
const oceras = `http://localhost:${(app.server.address() as AddressInfo).port}`;
const signup = await fetch(`${oceras}/api/v1/auth/signup`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    organizationName: 'Bench',
    slug: `bench-${randomBytes(3).toString('hex')}`,
    name: 'Bench Admin',
    email: `bench-${randomBytes(3).toString('hex')}@example.com`,
    password: 'correct horse battery',
  }),
}).then((r) => r.json() as Promise<{ organization: { widgetKey: string } }>);

const page = `<!doctype html><html><head><title>Bench page</title></head><body><h1>A page</h1>
<script>
  window.__t0 = performance.now();
  new MutationObserver(function (_, obs) {
    if (!document.querySelector('[data-oceras]')) return;
    obs.disconnect();
    requestAnimationFrame(function () { window.__launcher = performance.now() - window.__t0; });
  }).observe(document.body, { childList: true });
</script>
<script src="${oceras}/widget.js" data-oceras-key="${signup.organization.widgetKey}" async></script></body></html>`;
const site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;

const launcherMs: number[] = [];
const usableMs: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(os.tmpdir(), 'oceras-bench-'));
    mkdirSync(join(dir, 'Default'));
    writeFileSync(
      join(dir, 'Default/Preferences'),
      JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }),
    );
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
    try {
      const tab = context.pages()[0] ?? (await context.newPage());
      await tab.goto(siteUrl);
      await tab.waitForFunction(() => typeof (window as { __launcher?: number }).__launcher === 'number');
      launcherMs.push(await tab.evaluate(() => (window as unknown as { __launcher: number }).__launcher));
      const t = performance.now();
      await tab.getByRole('button', { name: 'Open chat' }).click();
      await tab.frameLocator('iframe[title="Chat"]').getByLabel('Message', { exact: true }).waitFor();
      usableMs.push(performance.now() - t);
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  site.close();
  await app.close();
  await database.close();
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  await c.query(`drop database if exists ${dbName} with (force)`);
  await c.end();
}

const median = (v: number[]) => Math.round([...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!);
const figures = {
  loader,
  chat,
  chatJavaScript: chatJs,
  largestLocale: largestLocale?.name ?? null,
  chatInEnglish,
  onDemandChunks,
  zodInBundle: hasZod,
  runs: RUNS,
  scriptTagToLauncherMs: median(launcherMs),
  clickToUsableChatMs: median(usableMs),
  // As strings: JSON.stringify would print one number per line, which the repository's formatter rewrites.
  samples: { launcherMs: launcherMs.map(Math.round).join(' '), usableMs: usableMs.map(Math.round).join(' ') },
};
const goals = [
  { what: 'loader, gzip', value: loader.gzipKB, target: 3, op: 'below', unit: ' KB' },
  { what: 'chat to open and use, gzip', value: chat.gzipKB, target: 35, op: 'below', unit: ' KB' },
  ...onDemandChunks.map((c) => ({
    what: `on-demand chunk ${c.name}, gzip`,
    value: c.gzipKB,
    target: 8,
    op: 'below',
    unit: ' KB',
  })),
].map((g) => ({ ...g, pass: g.value < g.target }));
const result = {
  name: 'widget',
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  },
  figures,
  goals,
  pass: goals.every((g) => g.pass) && !hasZod,
};
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/widget.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log('\n== widget ==');
console.log(JSON.stringify(figures, null, 2));
for (const g of goals)
  console.log(`${g.pass ? 'PASS' : 'FAIL'}  ${g.what}: ${g.value}${g.unit} (goal < ${g.target}${g.unit})`);
console.log(`${hasZod ? 'FAIL' : 'PASS'}  no zod in the chat bundle`);
process.exit(result.pass ? 0 : 1);
