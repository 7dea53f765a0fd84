/**
 * Email inboxes: an organization connects support@… ; a new email to it (through the HTTP route or the SMTP
 * receiver, at the address or its forwarding address) starts a conversation on the email channel with a visitor
 * labelled by the sender, live to agents; the agent's answer leaves by email at once, in the same thread; the
 * sender's reply continues it. Auto-replies never start one; the address never opens the widget's history.
 */
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { rfc822, useEmailServer } from './email-server.js';
import { buildOrganization, expectError } from './helpers.js';
import { freePort } from './processes.js';
import { follow } from './sockets.js';

const SECRET = 'inbound-secret-inboxes-0123';
const smtpPort = await freePort();
// A day's follow-up delay: an email conversation's answer must not wait for it.
const ctx = useEmailServer({
  INBOUND_EMAIL_SECRET: SECRET,
  INBOUND_SMTP_PORT: String(smtpPort),
  EMAIL_FOLLOWUP_DELAY_SECONDS: '86400',
});
let n = 0;

/** An email from Carla to `to`, about a broken zipper unless said otherwise. */
const mailFrom = (o: { from: string; to: string; subject?: string; body: string; headers?: string[]; id?: string }) =>
  rfc822({ ...o, fromName: 'Carla Client', subject: o.subject ?? 'Broken zipper', messageId: o.id });

const post = (raw: string) =>
  fetch(`${ctx.server.baseUrl}/api/v1/inbound/email`, {
    method: 'POST',
    headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${SECRET}` },
    body: raw,
  });

async function withInbox() {
  const org = await buildOrganization(ctx.server);
  const address = `support-${++n}@shop.example.test`;
  const inbox = await org.api.call('createEmailInbox', { body: { address } });
  return { org, address, inbox };
}

describe('email inboxes', () => {
  it('are connected and disconnected by admins, audited, one organization per address', async () => {
    const { org, address, inbox } = await withInbox();
    expect(inbox.address).toBe(address);
    expect(inbox.forwardingAddress).toMatch(/^inbox\+[A-Za-z0-9_-]{32}@reply\.oceras\.test$/);
    expect((await org.api.call('listEmailInboxes')).inboxes.map((i) => i.id)).toEqual([inbox.id]);
    const other = await buildOrganization(ctx.server);
    await expectError(
      other.api.call('createEmailInbox', { body: { address: address.toUpperCase() } }),
      409,
      'CONFLICT',
    );
    await expectError(
      org.api.call('createEmailInbox', { body: { address: 'reply+abc@reply.oceras.test' } }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      org.api.call('createEmailInbox', { body: { address: 'not an address' } }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await org.api.call('listEmailInboxes')).inboxes).toHaveLength(1);
    await org.api.call('deleteEmailInbox', { params: { id: inbox.id } });
    expect((await org.api.call('listEmailInboxes')).inboxes).toEqual([]);
    const audit = await org.api.call('listAuditLog');
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['email_inbox.created', 'email_inbox.deleted']),
    );
    // Disconnected: a new email to it goes nowhere.
    expect((await post(mailFrom({ from: 'carla@example.test', to: address, body: 'Hello?' }))).status).toBe(404);
  });

  it('starts a conversation from a new email, answered by email at once in the same thread', async () => {
    const { org, address } = await withInbox();
    const agent = follow(ctx.server.baseUrl, '/agent', { token: org.accessToken });
    await agent.ready();
    const sender = `carla${++n}@example.test`;
    const raw = mailFrom({
      from: sender,
      to: address,
      body: 'My zipper broke after a week.',
      id: '<first@mail.example.test>',
    });
    const res = await post(raw);
    expect(res.status).toBe(202);
    const { conversationId } = (await res.json()) as { outcome: string; conversationId: string };
    await expect
      .poll(() => agent.received.some((e) => e.event === 'conversation.created'), { timeout: 5000 })
      .toBe(true);
    // The same email posted again (a relay's retry) starts nothing more.
    expect(await (await post(raw)).json()).toMatchObject({ outcome: 'ignored' });
    const { conversations } = await org.api.call('listConversations');
    expect(conversations).toHaveLength(1);
    const conv = conversations[0]!;
    expect(conv).toMatchObject({ id: conversationId, channel: 'email', subject: 'Broken zipper' });
    expect(conv.visitor).toMatchObject({ email: sender, name: 'Carla Client' });

    await org.api.call('sendMessage', {
      params: { id: conversationId },
      body: { clientId: `answer-inbox-${++n}`, body: 'Send it back, we replace it.' },
    });
    await org.api.call('sendMessage', {
      params: { id: conversationId },
      body: { clientId: `note-inbox-${++n}`, body: 'SECRET note', type: 'note' },
    });
    await expect.poll(() => ctx.sink.to(sender).length, { timeout: 10_000 }).toBe(1);
    const answer = ctx.sink.to(sender)[0]!.parsed;
    expect(answer.subject).toBe('Re: Broken zipper');
    expect(answer.inReplyTo).toBe('<first@mail.example.test>');
    expect(answer.text).toContain('Send it back, we replace it.');
    expect(answer.text).toContain(org.agent.name);
    expect(answer.text).not.toContain('SECRET');
    expect(answer.text).not.toContain('/widget/');
    expect(answer.headers.get('auto-submitted')).toBeUndefined();
    const replyTo = answer.replyTo!.value[0]!.address!;

    // The customer's reply continues the conversation, and the next answer threads under it.
    const reply = mailFrom({
      from: sender,
      to: replyTo,
      subject: 'Re: Broken zipper',
      body: 'Thanks, on its way.\n\nOn Sun, Support wrote:\n> Send it back',
      id: '<second@mail.example.test>',
    });
    expect(await (await post(reply)).json()).toMatchObject({ outcome: 'appended', conversationId });
    await org.api.call('sendMessage', {
      params: { id: conversationId },
      body: { clientId: `answer-inbox-${++n}`, body: 'Received, thank you.' },
    });
    await expect.poll(() => ctx.sink.to(sender).length, { timeout: 10_000 }).toBe(2);
    const second = ctx.sink.to(sender)[1]!.parsed;
    expect(second.inReplyTo).toBe('<second@mail.example.test>');
    expect(String(second.references)).toContain('<first@mail.example.test>');
    const { messages } = await org.api.call('listMessages', { params: { id: conversationId } });
    expect(messages.filter((m) => m.author.type === 'visitor').map((m) => m.body)).toEqual([
      'My zipper broke after a week.',
      'Thanks, on its way.',
    ]);
    agent.socket.disconnect();

    // The address is a label: a widget session that gives it sees none of this conversation.
    const session = await ctx.server.client().call('createWidgetSession', {
      body: { widgetKey: org.organization.widgetKey, email: sender },
    });
    expect((await ctx.server.client(session.sessionToken).call('listVisitorConversations')).conversations).toEqual([]);
  });

  it('takes mail at the forwarding address through the SMTP receiver, refuses unknown ones, ignores auto-replies', async () => {
    const { org, address, inbox } = await withInbox();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    const sender = `dora${++n}@example.test`;
    await transport.sendMail({
      from: sender,
      to: inbox.forwardingAddress!,
      subject: 'Invoice',
      text: 'Where is my invoice?',
    });
    await expect
      .poll(async () => (await org.api.call('listConversations')).conversations.map((c) => c.subject), {
        timeout: 5000,
      })
      .toEqual(['Invoice']);
    const refusal = await transport.sendMail({ from: sender, to: 'nobody@shop.example.test', text: 'hi' }).then(
      () => 0,
      (e: { responseCode?: number }) => e.responseCode ?? -1,
    );
    expect(refusal).toBe(550);
    for (const headers of [['Auto-Submitted: auto-replied'], ['Precedence: bulk'], ['Return-Path: <>']]) {
      const res = await post(mailFrom({ from: sender, to: address, body: 'I am out of office', headers }));
      expect(await res.json(), headers[0]).toMatchObject({ outcome: 'ignored' });
    }
    expect((await org.api.call('listConversations')).conversations).toHaveLength(1);
  });
});
