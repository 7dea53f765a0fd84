/**
 * A client that drips its request body is cut off after REQUEST_TIMEOUT_MS (answered 408 in the one error shape,
 * then closed), while normal requests and Socket.IO connections held open far longer than that keep working:
 * a WebSocket, and a long-polling client whose GETs wait for data longer than the limit.
 */
import { connect } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { onServer } from './attachments-kit.js';
import { buildOrganization, startTestServer, type TestServer, visitor } from './helpers.js';

const TIMEOUT_MS = 1500;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) });
});
afterAll(() => server.close());

/** Sends headers announcing 1000 bytes, then one byte every 200 ms; resolves when the server closes the socket. */
function dripBody() {
  const { port } = new URL(server.baseUrl);
  const socket = connect(Number(port), '127.0.0.1');
  const started = Date.now();
  let answer = '';
  let drip: NodeJS.Timeout | undefined;
  socket.on('connect', () => {
    socket.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000\r\n\r\n{',
    );
    drip = setInterval(() => socket.writable && socket.write(' '), 200);
  });
  socket.on('data', (d) => {
    answer += d.toString();
  });
  socket.on('error', () => undefined); // a reset after the answer is one way of being closed
  return new Promise<{ ms: number; answer: string }>((resolve) =>
    socket.on('close', () => {
      clearInterval(drip);
      resolve({ ms: Date.now() - started, answer });
    }),
  );
}

it('closes a connection whose body drips in, after the limit, with a 408 in the one error shape', async () => {
  const [a, b] = await Promise.all([dripBody(), dripBody()]);
  for (const { ms, answer } of [a!, b!]) {
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(ms).toBeLessThan(TIMEOUT_MS + 3_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'VALIDATION_FAILED', message: 'the request took too long to arrive' },
    });
  }
  expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
});

/**
 * A PUT of `total` bytes to a signed upload URL over a raw socket: `bytesAt(i)` tells when byte i goes (ms after the
 * headers), or null to stop sending. Resolves with the answer when the server answers or closes.
 */
async function slowUpload(total: number, bytesAt: (i: number) => number | null, on = server) {
  const org = await buildOrganization(on);
  const upload = await org.api.call('createUpload', {
    body: { fileName: 'slow.txt', contentType: 'text/plain', size: total },
  });
  const url = new URL(onServer(on, upload.uploadUrl));
  const socket = connect(Number(url.port), '127.0.0.1');
  const started = Date.now();
  let answer = '';
  const timers: NodeJS.Timeout[] = [];
  socket.on('connect', () => {
    const headers = Object.entries(upload.uploadHeaders).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.write(`PUT ${url.pathname}${url.search} HTTP/1.1\r\nHost: localhost\r\n${headers.join('')}`);
    socket.write(`Content-Length: ${total}\r\nConnection: close\r\n\r\n`);
    for (let i = 0; i < total; i++) {
      const at = bytesAt(i);
      if (at === null) break;
      timers.push(setTimeout(() => socket.writable && socket.write('a'), at));
    }
  });
  socket.on('error', () => undefined);
  return new Promise<{ ms: number; status: number }>((resolve) => {
    const done = () => {
      for (const t of timers) clearTimeout(t);
      resolve({ ms: Date.now() - started, status: Number(answer.slice(9, 12)) });
      socket.destroy();
    };
    // The answer's head is enough (a kept-alive connection stays open after it).
    socket.on('data', (d) => {
      answer += d.toString();
      if (answer.includes('\r\n\r\n')) done();
    });
    socket.on('close', done);
  });
}

it('lets an upload take longer than the limit while its bytes keep coming, and cuts one that stops', async () => {
  // 24 bytes, one every 150 ms: 3.6 s in all, more than twice the limit, never a pause as long as it.
  const steady = await slowUpload(24, (i) => 100 + i * 150);
  expect(steady.status).toBe(204);
  expect(steady.ms).toBeGreaterThan(TIMEOUT_MS * 2);
  // Five bytes, then nothing: cut one limit after the bytes stopped, with a 408.
  const stopped = await slowUpload(24, (i) => (i < 5 ? 100 + i * 100 : null));
  expect(stopped.status).toBe(408);
  expect(stopped.ms).toBeLessThan(500 + TIMEOUT_MS * 2 + 3_000);
});

it('closes within a grace period while an upload is still arriving, and cuts the upload', async () => {
  const other = await startTestServer({ REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) });
  // 400 bytes, one every 100 ms: 40 s if nothing stops it.
  const upload = slowUpload(400, (i) => 100 + i * 100, other);
  await new Promise((r) => setTimeout(r, 1_000));
  const started = Date.now();
  await other.close();
  // closeGraceMs: the request timeout, at most 5 s.
  expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2_000);
  const { status, ms } = await upload;
  expect(status).not.toBe(204);
  expect(ms).toBeLessThan(10_000);
});

it('keeps Socket.IO connections open past the limit, over WebSocket and over long polling', async () => {
  const org = await buildOrganization(server);
  const sockets = (['websocket', 'polling'] as const).map((transport) => {
    const socket: Socket = io(`${server.baseUrl}/agent`, {
      transports: [transport],
      auth: { token: org.accessToken },
      reconnection: false,
    });
    const disconnects: string[] = [];
    socket.on('disconnect', (reason) => disconnects.push(reason));
    const ready = new Promise((resolve, reject) => {
      socket.once('session.ready', resolve);
      socket.once('connect_error', reject);
    });
    return { transport, socket, disconnects, ready };
  });
  await Promise.all(sockets.map((s) => s.ready));

  // Idle for three times the limit: the polling client's pending GET waits all that time for an answer.
  await new Promise((r) => setTimeout(r, 3 * TIMEOUT_MS));

  const arrived = sockets.map(
    (s) => new Promise<string>((resolve) => s.socket.once('conversation.created', () => resolve(s.transport))),
  );
  const v = await visitor(server, org.organization.widgetKey);
  await v.start('still there?');
  expect(await Promise.all(arrived)).toEqual(['websocket', 'polling']);
  for (const s of sockets) {
    expect(s.disconnects, s.transport).toEqual([]);
    expect(s.socket.io.engine.transport.name, s.transport).toBe(s.transport);
    s.socket.disconnect();
  }
  v.close();
  // A plain request after all that, as a check that the server was never stuck.
  const res = await fetch(`${server.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${org.accessToken}` } });
  expect(res.status).toBe(200);
});
