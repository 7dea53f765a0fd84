/**
 * Browser-test plumbing: the real Oceras server (startTestServer, real PostgreSQL) reached as `localhost`, a hostile
 * customer page served from another origin (`127.0.0.1`), chromium through playwright-core, and an agent with a real
 * socket on `/agent`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentClientToServerEvents, AgentServerToClientEvents, Envelope, TMessage } from '@oceras/protocol';
import { type BrowserContext, chromium } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { buildApp } from '../../server/src/app.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../server/test/chromium.js';
import { buildOrganization, startTestServer, type TestServer } from '../../server/test/helpers.js';
import { freePort } from '../../server/test/processes.js';

export const SHOTS = fileURLToPath(new URL('../.screenshots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

export { CHROMIUM_ARGS, CHROMIUM_PATH };

/**
 * What a profile does with the chat frame's storage (a third party on the customer's page): `allowed` as in a
 * desktop profile whose user allows third-party cookies, `blocked` with them turned off in settings, `default` a
 * fresh profile with no preference at all (this Chromium build then refuses the frame's storage, like `blocked`; see
 * cross-site.browser.test.ts).
 */
export type ThirdPartyStorage = 'allowed' | 'blocked' | 'default';
const PROFILE_PREFS: Record<ThirdPartyStorage, object | null> = {
  allowed: { cookie_controls_mode: 0, block_third_party_cookies: false },
  blocked: { cookie_controls_mode: 1, block_third_party_cookies: true },
  default: null,
};

/**
 * A normal (non-incognito) profile in a temporary folder: incognito-like contexts block all third-party storage,
 * which a visitor's everyday browser may not (the widget still works there, and keeps the visitor in the host
 * page's storage). `thirdPartyStorage` defaults to `allowed`.
 */
export async function launchBrowser(
  options: {
    width?: number;
    height?: number;
    locale?: string;
    /** The browser's time zone (the machine's unless told). */
    timezoneId?: string;
    thirdPartyStorage?: ThirdPartyStorage;
    args?: string[];
  } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'oceras-chromium-'));
  const prefs = PROFILE_PREFS[options.thirdPartyStorage ?? 'allowed'];
  if (prefs) {
    mkdirSync(join(dir, 'Default'), { recursive: true });
    writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify({ profile: prefs }));
  }
  const context: BrowserContext = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    viewport: { width: options.width ?? 1100, height: options.height ?? 760 },
    locale: options.locale ?? 'en-US',
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The snippet a customer pastes, plus a queue stub so calls made before the script loads are kept. */
export const installSnippet = (oceras: string, key: string) =>
  `<script>window.Oceras=window.Oceras||{q:[]};["open","close","toggle","identify","reset","on","off"].forEach(function(m){Oceras[m]=Oceras[m]||function(){Oceras.q.push([m,[].slice.call(arguments)])}});</script>
<script src="${oceras}/widget.js" data-oceras-key="${key}" async></script>`;

/** A customer page at war with the widget: CSS that unsets everything, huge z-indexes, and a script that spies. */
export function hostilePage(oceras: string, key: string, extra = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile shop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  * { all: unset !important; }
  html, body, main, p, h1 { display: block !important; }
  body { font-family: serif !important; background: #fdf3d8 !important; padding: 20px !important; }
  iframe, button, div { z-index: 2147483647 !important; width: 3px !important; height: 3px !important; }
  .banner { position: fixed !important; top: 0 !important; left: 0 !important; right: 0 !important;
    height: 40px !important; background: #b00 !important; color: #fff !important; z-index: 2147483647 !important; }
</style></head>
<body><main><p class="banner">Hostile banner with z-index 2147483647</p><h1>Welcome to the shop</h1>
<p>Some page content.</p></main>
<script>
  window.__spy = { readFrame: 'not tried', dialogs: 0 };
  setInterval(function () {
    var host = document.querySelector('[data-oceras]');
    var frame = host && host.shadowRoot && host.shadowRoot.querySelector('iframe');
    if (!frame) return;
    try { window.__spy.readFrame = 'READ:' + frame.contentWindow.document.body.innerHTML.length; }
    catch (e) { window.__spy.readFrame = 'blocked: ' + e.name; }
  }, 200);
</script>
${installSnippet(oceras, key)}
${extra}
</body></html>`;
}

/** A tiny server for the customer's pages, on 127.0.0.1 (another origin than the Oceras server on localhost). */
export async function startHostSite(pages: Record<string, () => string>) {
  const server: Server = createServer((req, res) => {
    const page = pages[(req.url ?? '/').split('?')[0]!];
    if (!page) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The real server, plus a restart on the same port and database (sockets drop, memory is lost, rows stay). Its
 * PUBLIC_URL is the origin the visitor's browser uses (`http://<host>:<port>`, `localhost` unless told): files'
 * signed URLs (uploads, downloads) are absolute on it, and the frame's CSP allows its own origin only.
 */
export async function startOceras(options: { host?: string; clock?: () => Date } = {}) {
  // The port is chosen first, so that the server starts once with its PUBLIC_URL.
  const port = await freePort();
  const url = `http://${options.host ?? 'localhost'}:${port}`;
  const first: TestServer = await startTestServer({ PUBLIC_URL: url }, { port, clock: options.clock });
  let server = first;
  const env = server.services.env;
  const database = server.database;
  let current = server.app;
  // Each app is closed once: a test may have closed the current one already (a server going away).
  const closeCurrent = async () => {
    if (current.server.listening) await current.close();
  };
  const restart = async () => {
    await closeCurrent();
    const built = await buildApp({ env, logger: server.services.logger, database, clock: options.clock });
    await built.app.listen({ host: '127.0.0.1', port });
    current = built.app;
    server = { ...server, ...built };
  };
  return {
    get server() {
      return server;
    },
    /** What the visitor's browser uses: `localhost` by default, so the customer page on 127.0.0.1 is another site. */
    url,
    port,
    restart,
    async close() {
      await closeCurrent();
      await first.dropDatabase();
    },
  };
}
export type Oceras = Awaited<ReturnType<typeof startOceras>>;

type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

/** An organization's admin, signed in through the API with a live socket on /agent. */
export async function startAgent(oceras: Oceras) {
  const org = await buildOrganization(oceras.server);
  const messages: TMessage[] = [];
  let lastSeq: number | undefined;
  const socket: AgentSocket = io(`${oceras.server.baseUrl}/agent`, {
    auth: (cb) => cb({ token: org.accessToken, lastSeq }),
    transports: ['websocket'],
  });
  socket.on('message.created', (e: Envelope<TMessage>) => {
    lastSeq = e.seq;
    messages.push(e.data);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('session.ready', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    org,
    socket,
    messages,
    async waitForMessage(predicate: (m: TMessage) => boolean, timeoutMs = 15_000) {
      const started = Date.now();
      for (;;) {
        const found = messages.find(predicate);
        if (found) return found;
        if (Date.now() - started > timeoutMs) throw new Error('the agent never saw the message');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    typing(conversationId: string, isTyping: boolean) {
      return new Promise((resolve) =>
        socket.emit('typing.update', { conversationId, isTyping, isNote: false }, resolve),
      );
    },
    reply(conversationId: string, body: string, clientId: string) {
      return org.api.call('sendMessage', { params: { id: conversationId }, body: { clientId, body } });
    },
    close() {
      socket.disconnect();
    },
  };
}
