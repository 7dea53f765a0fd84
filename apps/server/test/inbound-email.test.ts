/**
 * Inbound email through the HTTP route and the built-in SMTP receiver: a visitor's reply to a follow-up lands in
 * its conversation as their message, quoted history stripped, live to the agent's socket; an unknown or forged
 * reply address, another sender, an auto-reply or list mail, a 30 MB message and an erased visitor's conversation
 * go nowhere; a missing or wrong shared secret is 401.
 */
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/db/client.js';
import { REPLY_TOKEN_TTL_DAYS } from '../src/modules/email/receive-email.js';
import { rfc822 } from './email-server.js';
import { buildOrganization, startTestServer, type TestServer } from './helpers.js';
import { freePort } from './processes.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';
import { type Follower, follow } from './sockets.js';

const SECRET = 'inbound-secret-0123456789';
let sink: SmtpSink;
let server: TestServer;
let smtpPort: number;
let n = 0;

beforeAll(async () => {
  sink = await startSmtpSink();
  smtpPort = await freePort();
  server = await startTestServer({
    SMTP_URL: sink.url,
    EMAIL_POLL_MS: '100',
    EMAIL_FOLLOWUP_DELAY_SECONDS: '1',
    REPLY_DOMAIN: 'reply.oceras.test',
    INBOUND_EMAIL_SECRET: SECRET,
    INBOUND_SMTP_PORT: String(smtpPort),
  });
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

/** A visitor who got a follow-up: its Reply-To address, and the agent's socket. */
async function followedUp() {
  const org = await buildOrganization(server);
  const email = `visitor${++n}@example.test`;
  const session = await server.client().call('createWidgetSession', {
    body: { widgetKey: org.organization.widgetKey, email },
  });
  const conv = await server.client(session.sessionToken).call('startConversation', {
    body: { clientId: `conv-${++n}-inbound`, message: { clientId: `msg-${++n}-inbound`, body: 'Question?' } },
  });
  await org.api.call('sendMessage', {
    params: { id: conv.id },
    body: { clientId: `reply-${++n}-inbound`, body: 'Our answer' },
  });
  await expect.poll(() => sink.to(email).length, { timeout: 10_000, interval: 50 }).toBe(1);
  const followUp = sink.to(email)[0]!.parsed;
  const replyTo = followUp.replyTo!.value[0]!.address!;
  const agent: Follower = follow(server.baseUrl, '/agent', { token: org.accessToken });
  await agent.ready();
  return { org, email, conv, session, replyTo, followUp, agent };
}

const post = (raw: string | Buffer, secret: string | null = SECRET) =>
  fetch(`${server.baseUrl}/api/v1/inbound/email`, {
    method: 'POST',
    headers: { 'content-type': 'message/rfc822', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
    body: typeof raw === 'string' ? raw : new Uint8Array(raw),
  });

const visitorMessages = async (org: Awaited<ReturnType<typeof buildOrganization>>, conversationId: string) =>
  (await org.api.call('listMessages', { params: { id: conversationId } })).messages.filter(
    (m) => m.author.type === 'visitor',
  );

/** The conversation's last activity moved `days` into the past. */
const age = (conversationId: string, days: number) =>
  query(
    server.services.db,
    sql`update conversations set last_activity_at = now() - make_interval(days => ${days}) where id = ${conversationId}`,
  );

const REPLY =
  'Thanks, Lyon works for me.\n\nOn Sun, Dec 6, 2026 at 8:00 AM Support wrote:\n> Our answer\n> more quoted text\n';

describe('POST /api/v1/inbound/email', () => {
  it('appends the reply, stripped of its quote, live to the agent, once per Message-ID', async () => {
    const { org, email, conv, replyTo, agent } = await followedUp();
    const raw = rfc822({ from: email, to: replyTo, body: REPLY, messageId: '<once@mail.example.test>' });
    const res = await post(raw);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ outcome: 'appended', conversationId: conv.id });
    await expect
      .poll(() => agent.received.filter((e) => e.event === 'message.created').map((e) => e.data.body), {
        timeout: 5000,
      })
      .toContain('Thanks, Lyon works for me.');
    expect((await post(raw)).status).toBe(202);
    const mine = await visitorMessages(org, conv.id);
    expect(mine.map((m) => m.body)).toEqual(['Question?', 'Thanks, Lyon works for me.']);
    agent.socket.disconnect();
  });

  it('refuses a missing or wrong secret (401), an unknown or forged address (404), another sender (403)', async () => {
    const { org, email, conv, replyTo, agent } = await followedUp();
    agent.socket.disconnect();
    const raw = rfc822({ from: email, to: replyTo, body: 'hello' });
    expect((await post(raw, null)).status).toBe(401);
    expect((await post(raw, 'inbound-secret-wrong-value')).status).toBe(401);
    const forged = replyTo.replace(/\+[A-Za-z0-9_-]+@/, `+${'x'.repeat(32)}@`);
    const unknown = await post(rfc822({ from: email, to: forged, body: 'hello' }));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await post(rfc822({ from: 'mallory@example.test', to: replyTo, body: 'hello' }))).status).toBe(403);
    expect((await visitorMessages(org, conv.id)).map((m) => m.body)).toEqual(['Question?']);
  });

  it('ignores auto-replies, bounces and list mail, and refuses 30 MB', async () => {
    const { org, email, conv, replyTo, agent } = await followedUp();
    agent.socket.disconnect();
    for (const headers of [
      ['Auto-Submitted: auto-replied'],
      ['Precedence: bulk'],
      ['Precedence: list'],
      ['Return-Path: <>'],
      ['List-Id: <news.example.test>'],
    ]) {
      const res = await post(rfc822({ from: email, to: replyTo, body: 'I am out of office', headers }));
      expect(res.status, headers[0]).toBe(202);
      expect(await res.json(), headers[0]).toMatchObject({ outcome: 'ignored' });
    }
    const huge = Buffer.concat([
      Buffer.from(rfc822({ from: email, to: replyTo, body: '' })),
      Buffer.alloc(30 * 1024 * 1024, 'a'),
    ]);
    expect((await post(huge)).status).toBe(413);
    expect((await visitorMessages(org, conv.id)).map((m) => m.body)).toEqual(['Question?']);
    // No reply of the visitor's means no new agent reply: nothing more was emailed.
    expect(sink.to(email)).toHaveLength(1);
  });

  it(`takes replies for ${REPLY_TOKEN_TTL_DAYS} days after the last activity, then refuses them (410)`, async () => {
    const { org, email, conv, replyTo, agent } = await followedUp();
    agent.socket.disconnect();
    await age(conv.id, REPLY_TOKEN_TTL_DAYS + 1);
    const late = await post(rfc822({ from: email, to: replyTo, body: 'Is this still open?' }));
    expect(late.status).toBe(410);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('REPLY_ADDRESS_EXPIRED');
    expect((await visitorMessages(org, conv.id)).map((m) => m.body)).toEqual(['Question?']);
    await age(conv.id, REPLY_TOKEN_TTL_DAYS - 1);
    const inTime = await post(rfc822({ from: email, to: replyTo, body: 'Still in time' }));
    expect(await inTime.json()).toMatchObject({ outcome: 'appended' });
    expect((await visitorMessages(org, conv.id)).map((m) => m.body)).toEqual(['Question?', 'Still in time']);
  });

  it("refuses a reply to an erased visitor's conversation", async () => {
    const { org, email, session, replyTo, agent } = await followedUp();
    agent.socket.disconnect();
    await org.api.call('eraseVisitor', { params: { id: session.visitorId } });
    expect((await post(rfc822({ from: email, to: replyTo, body: 'Still there?' }))).status).toBe(404);
  });
});

describe('the SMTP receiver (INBOUND_SMTP_PORT)', () => {
  const transport = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });

  it('takes a reply into its conversation, live to the agent', async () => {
    const { org, email, conv, replyTo, agent } = await followedUp();
    await transport().sendMail({ from: email, to: replyTo, subject: 'Re: Our answer', text: REPLY });
    await expect
      .poll(() => agent.received.filter((e) => e.event === 'message.created').map((e) => e.data.body), {
        timeout: 5000,
      })
      .toContain('Thanks, Lyon works for me.');
    expect((await visitorMessages(org, conv.id)).at(-1)?.body).toBe('Thanks, Lyon works for me.');
    agent.socket.disconnect();
  });

  it('refuses an unknown address at RCPT TO, another sender, and 30 MB', async () => {
    const { org, email, conv, replyTo, agent } = await followedUp();
    agent.socket.disconnect();
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => 0,
        (e: { responseCode?: number }) => e.responseCode ?? -1,
      );
    const forged = replyTo.replace(/\+[A-Za-z0-9_-]+@/, `+${'y'.repeat(32)}@`);
    expect(await refusal(transport().sendMail({ from: email, to: forged, text: 'hi' }))).toBe(550);
    expect(await refusal(transport().sendMail({ from: email, to: 'support@reply.oceras.test', text: 'hi' }))).toBe(550);
    expect(await refusal(transport().sendMail({ from: 'mallory@example.test', to: replyTo, text: 'hi' }))).toBe(550);
    expect(await refusal(transport().sendMail({ from: email, to: replyTo, text: 'a'.repeat(30 * 1024 * 1024) }))).toBe(
      552,
    );
    expect((await visitorMessages(org, conv.id)).map((m) => m.body)).toEqual(['Question?']);
    // An expired reply address is refused at RCPT TO too.
    await age(conv.id, REPLY_TOKEN_TTL_DAYS + 1);
    expect(await refusal(transport().sendMail({ from: email, to: replyTo, text: 'late' }))).toBe(550);
    expect((await visitorMessages(org, conv.id)).map((m) => m.body)).toEqual(['Question?']);
  });
});
