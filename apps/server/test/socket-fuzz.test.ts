/**
 * Socket fuzzing (issue 20): raw engine.io and Socket.IO frames (garbage, huge, binary, wrong namespace, every
 * client event with payloads of the wrong shape, calls without an ack) sent by authenticated and anonymous raw
 * WebSockets, seeded and reproducible. Through all of it the process lives, every call with an ack is answered
 * (never left hanging), and an agent and a visitor connected beside the fuzzers keep their streams: messages sent
 * afterwards reach them, once each and in order (SPEC R3, R7).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildOrganization, startTestServer, type TestServer, visitor } from './helpers.js';
import { follow } from './sockets.js';

const RUNS = Number(process.env.SOCKET_FUZZ_RUNS ?? 60);
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000' });
});
afterAll(async () => {
  await server?.close();
});

const AGENT_EVENTS = ['message.send', 'conversation.read', 'typing.update', 'conversation.view', 'session.renew'];
const VISITOR_EVENTS = ['message.send', 'conversation.read', 'typing.update'];

/** A raw Socket.IO v5 client over engine.io v4 on one WebSocket, to send frames no well-behaved client would. */
async function rawSocket(ns: '/agent' | '/visitor' | '/nope', auth: object | null) {
  const ws = new WebSocket(`${server.baseUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const frames: string[] = [];
  ws.on('message', (d) => {
    const text = d.toString();
    frames.push(text);
    if (text === '2') ws.send('3'); // engine.io ping → pong
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(`40${ns},${auth ? JSON.stringify(auth) : ''}`);
  // Connected (`40/agent,{"sid"…}`) or refused (`44/agent,{…}`).
  await expect.poll(() => frames.some((f) => f.startsWith(`40${ns}`) || f.startsWith(`44${ns}`))).toBe(true);
  return { ws, frames, isConnected: frames.some((f) => f.startsWith(`40${ns},{"sid"`)) };
}

const json = fc.jsonValue({ maxDepth: 3 });
const payload = fc.oneof(
  json,
  fc.record({ conversationId: fc.oneof(fc.uuid(), fc.string(), fc.integer()), seq: fc.oneof(fc.integer(), json) }),
  fc.record({ conversationId: fc.uuid(), clientId: fc.string(), body: fc.oneof(fc.string(), json) }),
);
/** One frame: a call (with or without an ack id), a malformed packet, or bytes that are not Socket.IO at all. */
const frame = (ns: string, events: string[]) =>
  fc.oneof(
    fc
      .tuple(fc.constantFrom(...events, 'nope', ''), payload, fc.option(fc.nat({ max: 1e6 })))
      .map(([e, p, ack]) => `42${ns},${ack ?? ''}${JSON.stringify([e, p])}`),
    fc.constantFrom(
      `42${ns},`,
      `42${ns},[`,
      `42${ns},{"a":1}`,
      `42${ns},["message.send"`,
      `43${ns},1[]`,
      `41${ns},`,
      '42/nope,["x"]',
      '4',
      '9999',
      '6',
      '\u0000\uffff',
      `42${ns},${'['.repeat(5000)}`,
      `42${ns},7${JSON.stringify(['message.send', { body: 'x'.repeat(70_000) }])}`,
    ),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  );

it('R7: lives through fuzzed frames on both namespaces, answers every acked call, and other clients keep their streams', async () => {
  const org = await buildOrganization(server);
  const v = await visitor(server, org.organization.widgetKey);
  const conv = await v.start('before the fuzz');
  const agent = follow(server.baseUrl, '/agent', { token: org.accessToken });
  await agent.ready();
  const visitorFollower = follow(server.baseUrl, '/visitor', { sessionToken: v.session.sessionToken });
  await visitorFollower.ready();

  const open = {
    agent: () => rawSocket('/agent', { token: org.accessToken }),
    visitor: () => rawSocket('/visitor', { sessionToken: v.session.sessionToken }),
    anonymous: () => rawSocket('/agent', null),
    lost: () => rawSocket('/nope', {}),
  };
  const sockets = [await open.agent(), await open.visitor(), await open.anonymous(), await open.lost()];
  expect(sockets.map((s) => s.isConnected)).toEqual([true, true, false, false]);
  const reopen = [open.agent, open.visitor, open.anonymous, open.lost];

  let acked = 0;
  let answered = 0;
  let closedByServer = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.nat({ max: sockets.length - 1 }), fc.boolean()), { minLength: 1, maxLength: 8 }),
      fc.array(frame('/agent', AGENT_EVENTS), { minLength: 8, maxLength: 8 }),
      fc.array(frame('/visitor', VISITOR_EVENTS), { minLength: 8, maxLength: 8 }),
      async (picks, agentFrames, visitorFrames) => {
        for (const [k, [i, useVisitorFrame]] of picks.entries()) {
          const s = sockets[i]!;
          if (s.ws.readyState === WebSocket.OPEN) s.ws.send((useVisitorFrame ? visitorFrames : agentFrames)[k]!);
        }
        // On each authenticated raw socket, a well-formed acked call is answered, unless the server closed the
        // connection for what it was sent (engine.io drops a connection that sends a frame it cannot parse):
        // never a call left hanging on a live connection.
        for (const [i, ns] of [
          [0, '/agent'],
          [1, '/visitor'],
        ] as const) {
          const s = sockets[i]!;
          const id = 900_000 + acked++;
          if (s.ws.readyState === WebSocket.OPEN)
            s.ws.send(
              `42${ns},${id}${JSON.stringify(['typing.update', { conversationId: conv.id, isTyping: false }])}`,
            );
          await expect
            .poll(() => s.frames.some((f) => f.startsWith(`43${ns},${id}`)) || s.ws.readyState === WebSocket.CLOSED, {
              timeout: 5000,
            })
            .toBe(true);
          if (s.frames.some((f) => f.startsWith(`43${ns},${id}`))) answered++;
        }
        for (const [i, s] of sockets.entries()) {
          if (s.ws.readyState === WebSocket.OPEN) continue;
          closedByServer++;
          await new Promise((r) => (s.ws.readyState === WebSocket.CLOSED ? r(null) : s.ws.once('close', r)));
          sockets[i] = await reopen[i]!();
        }
      },
    ),
    { numRuns: RUNS, seed: Number(process.env.SOCKET_FUZZ_SEED ?? 20_261_205) },
  );
  console.log(
    `socket fuzz: ${RUNS} runs, ${answered} of ${acked} probes answered, ${closedByServer} closed by the server`,
  );
  // Not vacuous: many probes met a live connection after its fuzzed frames, and were answered.
  expect(answered).toBeGreaterThan(RUNS / 4);
  for (const s of sockets) s.ws.terminate();

  // The process serves, and the clients beside the fuzzers get what comes next, once and in order.
  expect((await org.api.call('getMe')).agent.id).toBe(org.agent.id);
  const marker = `after the fuzz ${randomUUID()}`;
  await v.say(conv.id, marker);
  await expect.poll(() => agent.received.some((r) => r.data?.body === marker), { timeout: 5000 }).toBe(true);
  await expect.poll(() => visitorFollower.received.some((r) => r.data?.body === marker), { timeout: 5000 }).toBe(true);
  for (const f of [agent, visitorFollower]) {
    const seqs = f.received.map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, k) => seqs[0]! + k));
  }
  agent.socket.disconnect();
  visitorFollower.socket.disconnect();
  v.close();
}, 120_000);
