/**
 * The outbound queue on a real SMTP server of the test's own: an email queued is sent once with its fixed
 * Message-ID and headers; a 5xx is a bounce (recorded, never retried); a 4xx is retried with backoff; the
 * delivery log is the organization's own, newest first, in keyset pages.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, expectError, startTestServer, type TestServer } from '../../../test/helpers.js';
import { type SmtpSink, startSmtpSink } from '../../../test/smtp-sink.js';
import { query } from '../../db/client.js';
import { enqueueEmail, type QueuedEmail } from './email.repo.js';

let sink: SmtpSink;
let server: TestServer;
let n = 0;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({
    SMTP_URL: sink.url,
    SMTP_FROM: 'Oceras <support@oceras.test>',
    EMAIL_POLL_MS: '100',
    EMAIL_RETRY_BASE_MS: '100',
    EMAIL_MAX_ATTEMPTS: '3',
  });
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

const mail = (to: string, extra: Partial<QueuedEmail> = {}): QueuedEmail => ({
  kind: 'followup',
  recipient: to,
  subject: `Subject ${++n}`,
  text: `Hello number ${n}`,
  html: `<p>Hello number ${n}</p>`,
  messageId: `<test-${n}-${Date.now()}@oceras.test>`,
  ...extra,
});

async function queue(organizationId: string, m: QueuedEmail) {
  const row = await enqueueEmail(server.services.db, organizationId, m);
  server.email.wake();
  return row!;
}

describe('the outbound queue', () => {
  it('sends a queued email once, with its Message-ID, headers, text and HTML', async () => {
    const org = await buildOrganization(server);
    const m = mail('reader@example.test', {
      headers: { 'In-Reply-To': '<first@oceras.test>', References: '<first@oceras.test>' },
    });
    await queue(org.organization.id, m);
    await server.email.settle();
    const got = sink.to('reader@example.test');
    expect(got).toHaveLength(1);
    expect(got[0]!.parsed.messageId).toBe(m.messageId);
    expect(got[0]!.parsed.inReplyTo).toBe('<first@oceras.test>');
    expect(got[0]!.parsed.references).toBe('<first@oceras.test>');
    expect(got[0]!.parsed.subject).toBe(m.subject);
    expect(got[0]!.parsed.text?.trim()).toBe(m.text);
    expect(got[0]!.parsed.html).toContain(m.text);
    expect(got[0]!.from).toBe('support@oceras.test');

    const { deliveries } = await org.api.call('listEmailDeliveries');
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      recipient: 'reader@example.test',
      subject: m.subject,
      status: 'sent',
      attempts: 1,
      lastError: null,
      messageId: m.messageId,
      nextAttemptAt: null,
    });
    expect(deliveries[0]!.sentAt).not.toBeNull();
    // The same Message-ID is never queued twice.
    expect(await enqueueEmail(server.services.db, org.organization.id, m)).toBeNull();
    // Sent: the words are no longer kept, only the log line.
    const [row] = await query(
      server.services.db,
      sql`select text, html from email_outbox where message_id = ${m.messageId}`,
    );
    expect(row).toEqual({ text: '', html: null });
  });

  it('records a 5xx refusal as bounced and never tries again', async () => {
    const org = await buildOrganization(server);
    sink.reject('gone@example.test', 550);
    await queue(org.organization.id, mail('gone@example.test'));
    await server.email.settle();
    const [d] = (await org.api.call('listEmailDeliveries')).deliveries;
    expect(d).toMatchObject({ status: 'bounced', attempts: 1, nextAttemptAt: null, sentAt: null });
    expect(d!.lastError).toMatch(/550/);
    // Several poll periods later: still one attempt, nothing arrived.
    await new Promise((r) => setTimeout(r, 400));
    await server.email.settle();
    expect((await org.api.call('listEmailDeliveries')).deliveries[0]!.attempts).toBe(1);
    expect(sink.to('gone@example.test')).toHaveLength(0);
  });

  it('retries a 4xx with backoff until it is accepted, and sends it once', async () => {
    const org = await buildOrganization(server);
    sink.reject('busy@example.test', 451);
    await queue(org.organization.id, mail('busy@example.test'));
    await server.email.settle();
    const [first] = (await org.api.call('listEmailDeliveries')).deliveries;
    expect(first).toMatchObject({ status: 'pending', attempts: 1 });
    expect(first!.lastError).toMatch(/451/);
    expect(Date.parse(first!.nextAttemptAt!)).toBeGreaterThan(Date.now());
    sink.accept('busy@example.test');
    await expect
      .poll(async () => (await org.api.call('listEmailDeliveries')).deliveries[0]!.status, { timeout: 5000 })
      .toBe('sent');
    expect(sink.to('busy@example.test')).toHaveLength(1);
  });

  it('gives up after the last attempt of temporary failures', async () => {
    const org = await buildOrganization(server);
    sink.reject('full@example.test', 452);
    await queue(org.organization.id, mail('full@example.test'));
    await expect
      .poll(async () => (await org.api.call('listEmailDeliveries')).deliveries[0]!.status, { timeout: 8000 })
      .toBe('failed');
    expect((await org.api.call('listEmailDeliveries')).deliveries[0]!.attempts).toBe(3);
  });
});

describe('the delivery log', () => {
  it("pages newest first, shows only the organization's own emails, and refuses a bad cursor", async () => {
    const org = await buildOrganization(server);
    const other = await buildOrganization(server);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(String((await queue(org.organization.id, mail(`page${i}@example.test`))).id));
    await queue(other.organization.id, mail('elsewhere@example.test'));
    await server.email.settle();
    const first = await org.api.call('listEmailDeliveries', { query: { limit: 2 } });
    expect(first.deliveries.map((d) => d.id)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).not.toBeNull();
    const second = await org.api.call('listEmailDeliveries', { query: { limit: 2, cursor: first.nextCursor! } });
    expect(second.deliveries.map((d) => d.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
    const theirs = await other.api.call('listEmailDeliveries');
    expect(theirs.deliveries.map((d) => d.recipient)).toEqual(['elsewhere@example.test']);
    await expectError(org.api.call('listEmailDeliveries', { query: { cursor: 'abc' } }), 400, 'VALIDATION_FAILED');
  });
});
