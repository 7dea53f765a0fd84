import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './helpers.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

/**
 * A test file's server that sends email to an SMTP sink of its own (started before, closed after the file's
 * tests), polling the queue every 100 ms, with replies to `reply.oceras.test`. `env` adds or overrides settings.
 */
export function useEmailServer(env: Record<string, string> = {}) {
  const ctx = {} as { sink: SmtpSink; server: TestServer };
  beforeAll(async () => {
    ctx.sink = await startSmtpSink();
    ctx.server = await startTestServer({
      SMTP_URL: ctx.sink.url,
      EMAIL_POLL_MS: '100',
      EMAIL_FOLLOWUP_DELAY_SECONDS: '1',
      REPLY_DOMAIN: 'reply.oceras.test',
      ...env,
    });
  });
  afterAll(async () => {
    await ctx.server?.close();
    await ctx.sink?.close();
  });
  return ctx;
}

let messageCount = 0;

/** A plain-text RFC 822 message, as a relay posts it to `POST /api/v1/inbound/email`. */
export const rfc822 = (o: {
  from: string;
  fromName?: string;
  to: string;
  subject?: string;
  body: string;
  headers?: string[];
  messageId?: string;
}) =>
  [
    `From: ${o.fromName ?? 'Visitor'} <${o.from}>`,
    `To: ${o.to}`,
    `Subject: ${o.subject ?? 'Re: Our answer'}`,
    `Message-ID: ${o.messageId ?? `<in-${++messageCount}-${Date.now()}@mail.example.test>`}`,
    'Date: Sun, 06 Dec 2026 08:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    ...(o.headers ?? []),
    '',
    o.body,
  ].join('\r\n');
