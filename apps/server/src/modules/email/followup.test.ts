/**
 * Visitor follow-up on a real SMTP server of the test's own: the replies a visitor has not read after the
 * organization's delay leave as one email (batched, never a note), in the visitor's language, threaded, with a
 * Reply-To naming the conversation and a one-click unsubscribe that stops the next ones.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, startTestServer, type TestServer } from '../../../test/helpers.js';
import { type SmtpSink, startSmtpSink } from '../../../test/smtp-sink.js';
import { query } from '../../db/client.js';

let sink: SmtpSink;
let server: TestServer;
let n = 0;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({
    SMTP_URL: sink.url,
    EMAIL_POLL_MS: '100',
    // The server's default is an hour: every follow-up below is due by its organization's own delay.
    EMAIL_FOLLOWUP_DELAY_SECONDS: '3600',
    REPLY_DOMAIN: 'reply.oceras.test',
  });
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

/** The message's header lines, each on one line (RFC 5322 folds long ones). */
const unfolded = (raw: string) => raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');

async function setUp(options: { email?: string | null; locale?: 'en' | 'fr' | 'de' | 'es'; delay?: number } = {}) {
  const org = await buildOrganization(server);
  await org.api.call('updateOrganization', {
    body: {
      emailFollowUpDelaySeconds: options.delay ?? 1,
      widgetSettings: { color: '#aa3300', allowedDomains: ['shop.example.test'] },
    },
  });
  const email = options.email === undefined ? `visitor${++n}@example.test` : options.email;
  const session = await server.client().call('createWidgetSession', {
    body: {
      widgetKey: org.organization.widgetKey,
      ...(email ? { email } : {}),
      locale: options.locale ?? 'en',
      pageUrl: 'https://shop.example.test/pricing',
    },
  });
  const visitorApi = server.client(session.sessionToken);
  const conv = await visitorApi.call('startConversation', {
    body: { clientId: `conv-${++n}-email`, message: { clientId: `msg-${++n}-email`, body: 'Do you ship to Lyon?' } },
  });
  const reply = (body: string, type: 'message' | 'note' = 'message') =>
    org.api.call('sendMessage', { params: { id: conv.id }, body: { clientId: `reply-${++n}-email`, body, type } });
  return { org, session, visitorApi, conv, email: email ?? '', reply };
}

/** The thread's mark is gone: the follow-up pass has looked at the conversation (whatever it decided). */
async function passedOver(conversationId: string) {
  await expect
    .poll(
      async () =>
        (
          await query<{ pending_since: Date | null }>(
            server.services.db,
            sql`select pending_since from email_threads where conversation_id = ${conversationId}`,
          )
        )[0]?.pending_since ?? null,
      { timeout: 10_000, interval: 50 },
    )
    .toBeNull();
  await server.email.settle();
}

describe('visitor follow-up', () => {
  it('emails the unread replies once, after the delay and not before, batched, without notes, threaded', async () => {
    const { org, conv, email, reply } = await setUp({ locale: 'fr' });
    await reply('Yes, we do.');
    await reply('It takes two days.');
    await reply('Internal: check the Lyon depot', 'note');
    await reply('Anything else?');
    const agentName = org.agent.name;
    // Within the delay: the pass runs and sends nothing.
    await server.email.settle();
    expect(sink.to(email)).toHaveLength(0);

    await expect.poll(() => sink.to(email).length, { timeout: 10_000, interval: 50 }).toBe(1);
    const [mail] = sink.to(email);
    const p = mail!.parsed;
    expect(p.subject).toBe(`${agentName} a répondu à votre message`);
    for (const words of ['Yes, we do.', 'It takes two days.', 'Anything else?', agentName]) {
      expect(p.text).toContain(words);
      expect(p.html).toContain(words);
    }
    expect(mail!.raw).not.toContain('Lyon depot');
    expect(p.text).toContain('https://shop.example.test/pricing');
    expect(p.html).toContain('#aa3300');
    expect(p.html).toContain(org.organization.name);
    expect(p.messageId).toMatch(new RegExp(`^<followup\\.${conv.id}\\.\\d+@reply\\.oceras\\.test>$`));
    expect(p.inReplyTo).toBeUndefined();
    expect(p.replyTo?.value[0]?.address).toMatch(/^reply\+[A-Za-z0-9_-]{32}@reply\.oceras\.test$/);
    expect(p.headers.get('auto-submitted')).toBe('auto-generated');
    expect(unfolded(mail!.raw)).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(unfolded(mail!.raw)).toMatch(/^List-Unsubscribe: <http[^>]+\/api\/v1\/email\/unsubscribe\/[^>]+>$/m);

    // A later reply is a second email in the same thread, with the same Reply-To.
    await reply('We have it in stock too.');
    await expect.poll(() => sink.to(email).length, { timeout: 10_000, interval: 50 }).toBe(2);
    const second = sink.to(email)[1]!.parsed;
    expect(second.text).toContain('We have it in stock too.');
    expect(second.text).not.toContain('Yes, we do.');
    expect(second.inReplyTo).toBe(p.messageId);
    expect(second.references).toBe(p.messageId);
    expect(second.replyTo?.value[0]?.address).toBe(p.replyTo?.value[0]?.address);
    const { deliveries } = await org.api.call('listEmailDeliveries');
    expect(deliveries.map((d) => [d.status, d.recipient, d.conversationId])).toEqual([
      ['sent', email, conv.id],
      ['sent', email, conv.id],
    ]);
  });

  it('sends nothing for replies the visitor read in time, nor to a visitor without an email or restricted', async () => {
    const read = await setUp();
    const m = await read.reply('Seen in the widget');
    await read.visitorApi.call('markVisitorRead', { params: { id: read.conv.id }, body: { seq: m.seq } });
    const anonymous = await setUp({ email: null });
    await anonymous.reply('Nobody to email');
    // A restricted visitor (objection, policy §7) is not processed: no email either.
    const restricted = await setUp();
    await restricted.org.api.call('setVisitorRestriction', {
      params: { id: restricted.session.visitorId },
      body: { isRestricted: true },
    });
    await restricted.reply('Not for a restricted visitor');
    await passedOver(read.conv.id);
    await passedOver(anonymous.conv.id);
    await passedOver(restricted.conv.id);
    expect(sink.to(restricted.email)).toHaveLength(0);
    expect(sink.to(read.email)).toHaveLength(0);
    expect(sink.mails.some((x) => x.raw.includes('Nobody to email'))).toBe(false);
  });

  it('stops after a one-click unsubscribe; GET changes nothing; a forged key is refused', async () => {
    const { conv, email, reply } = await setUp();
    await reply('First answer');
    await expect.poll(() => sink.to(email).length, { timeout: 10_000, interval: 50 }).toBe(1);
    const url = /^List-Unsubscribe: <([^>]+)>/m.exec(unfolded(sink.to(email)[0]!.raw))![1]!;
    const path = new URL(url).pathname;
    expect(path).toContain(conv.id);

    const forged = path.replace(/\.[A-Za-z0-9_-]{43}$/, `.${'A'.repeat(43)}`);
    expect((await fetch(`${server.baseUrl}${forged}`, { method: 'POST' })).status).toBe(404);
    const page = await fetch(`${server.baseUrl}${path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    const threadOf = async () =>
      (
        await query<{ unsubscribed_at: Date | null }>(
          server.services.db,
          sql`select unsubscribed_at from email_threads where conversation_id = ${conv.id}`,
        )
      )[0]!;
    expect((await threadOf()).unsubscribed_at).toBeNull();

    const res = await fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect((await threadOf()).unsubscribed_at).not.toBeNull();
    await reply('Second answer, never emailed');
    // Unsubscribed: the reply leaves no mark for the pass (nothing is pending, ever).
    await server.email.settle();
    const [thread] = await query<{ pending_since: Date | null }>(
      server.services.db,
      sql`select pending_since from email_threads where conversation_id = ${conv.id}`,
    );
    expect(thread!.pending_since).toBeNull();
    expect(sink.to(email)).toHaveLength(1);
  });

  it('follows the organization: off means no email, and the widget is told', async () => {
    const { org, conv, email, reply } = await setUp();
    const before = await server.client().call('createWidgetSession', {
      body: { widgetKey: org.organization.widgetKey },
    });
    expect(before.organization.hasEmailFollowUp).toBe(true);
    const updated = await org.api.call('updateOrganization', { body: { emailFollowUp: false } });
    expect(updated.emailFollowUp).toBe(false);
    const after = await server
      .client()
      .call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
    expect(after.organization.hasEmailFollowUp).toBe(false);
    await reply('Not by email');
    await passedOver(conv.id);
    expect(sink.to(email)).toHaveLength(0);
  });

  it('links to the page the widget was on only on an allowed domain, else to the chat page Oceras serves', async () => {
    const { org, email, reply } = await setUp();
    // The same visitor's session names a page elsewhere: not kept, the allowed page stays.
    const elsewhere = await server.client().call('createWidgetSession', {
      body: {
        widgetKey: org.organization.widgetKey,
        email: `other${++n}@example.test`,
        pageUrl: 'https://phishing.example.test/login',
      },
    });
    const conv = await server.client(elsewhere.sessionToken).call('startConversation', {
      body: { clientId: `conv-${++n}-email`, message: { clientId: `msg-${++n}-email`, body: 'Hello' } },
    });
    await org.api.call('sendMessage', {
      params: { id: conv.id },
      body: { clientId: `reply-${++n}-email`, body: 'Hi there' },
    });
    await reply('Hi to you too');
    await expect.poll(() => sink.to(elsewhere.visitor.email!).length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => sink.to(email).length, { timeout: 10_000 }).toBe(1);
    const text = sink.to(elsewhere.visitor.email!)[0]!.parsed.text!;
    expect(text).not.toContain('phishing');
    expect(text).toContain(`/widget/frame.html?key=${org.organization.widgetKey}`);
    expect(sink.to(email)[0]!.parsed.text).toContain('https://shop.example.test/pricing');
  });

  it("exports the visitor's emails, and their erasure removes emails and the thread", async () => {
    const { org, session, conv, email, reply } = await setUp({ locale: 'de' });
    await reply('Eine Antwort');
    await expect.poll(() => sink.to(email).length, { timeout: 10_000, interval: 50 }).toBe(1);
    const res = await fetch(`${server.baseUrl}/api/v1/visitors/${session.visitorId}/export`, {
      headers: { authorization: `Bearer ${org.accessToken}` },
    });
    const doc = (await res.json()) as { visitor: { locale: string; pageUrl: string }; emails: unknown[] };
    expect(doc.visitor).toMatchObject({ locale: 'de', pageUrl: 'https://shop.example.test/pricing' });
    expect(doc.emails).toEqual([
      expect.objectContaining({ conversationId: conv.id, recipient: email, status: 'sent' }),
    ]);

    await org.api.call('eraseVisitor', { params: { id: session.visitorId } });
    const left = await query<{ n: number }>(
      server.services.db,
      sql`select (select count(*) from email_outbox where conversation_id = ${conv.id} or visitor_id = ${session.visitorId})::int
            + (select count(*) from email_threads where conversation_id = ${conv.id})::int as n`,
    );
    expect(left[0]!.n).toBe(0);
    expect((await org.api.call('listEmailDeliveries')).deliveries).toEqual([]);
  });
});
