/**
 * A client that drips its request body is cut off after REQUEST_TIMEOUT_MS (answered 408 in the one error shape,
 * then closed), while normal requests and Socket.IO connections held open far longer than that keep working:
 * a WebSocket, and a long-polling client whose GETs wait for data longer than the limit.
 */
import { connect } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
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
