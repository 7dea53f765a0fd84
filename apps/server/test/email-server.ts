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
