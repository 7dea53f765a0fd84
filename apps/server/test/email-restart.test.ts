/**
 * A server killed between claiming an email and the relay's answer sends it once: the first process is stuck in
 * the SMTP transaction (the relay takes the message and never answers) when it dies; the next process takes the
 * email over once its claim lapses and sends it, with the same Message-ID, and nothing more arrives.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from '@oceras/protocol/client';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createTestDatabase } from './helpers.js';
import { type ServerProcess, startServerProcess } from './processes.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

let sink: SmtpSink | undefined;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
const procs: ServerProcess[] = [];

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop('SIGKILL')));
  await sink?.close();
  await database?.drop();
});

it('a crash between the claim and the send sends the email once', async () => {
  sink = await startSmtpSink();
  database = await createTestDatabase();
  const env = {
    DATABASE_URL: database.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    SMTP_URL: sink.url,
    EMAIL_POLL_MS: '100',
    EMAIL_CLAIM_MS: '1000',
    EMAIL_RETRY_BASE_MS: '50',
  };
  const first = await startServerProcess(env);
  procs.push(first);
  const admin = await createClient({ baseUrl: first.baseUrl }).call('signup', {
    body: {
      organizationName: 'Restart',
      slug: 'restart-email',
      name: 'Ada',
      email: 'ada@restart.example',
      password: 'correct horse battery',
    },
  });
  const messageId = '<restart-1@oceras.test>';
  sink.hang();
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    await db.query(
      `insert into email_outbox (organization_id, kind, recipient, subject, text, message_id)
       values ($1, 'followup', 'visitor@example.test', 'Your answer', 'Here it is', $2)`,
      [admin.organization.id, messageId],
    );
    // The first process has sent the whole message and waits for an answer that never comes.
    await expect.poll(() => sink!.hung, { timeout: 10_000, interval: 20 }).toBe(1);
    await first.stop('SIGKILL');
    expect(sink.mails).toHaveLength(0);

    const second = await startServerProcess(env);
    procs.push(second);
    await expect.poll(() => sink!.mails.length, { timeout: 15_000, interval: 20 }).toBe(1);
    // More claim periods and passes: nothing more arrives.
    await new Promise((r) => setTimeout(r, 1500));
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0]!.parsed.messageId).toBe(messageId);
    const { rows } = await db.query('select status, attempts from email_outbox where message_id = $1', [messageId]);
    expect(rows).toEqual([{ status: 'sent', attempts: 2 }]);
  } finally {
    await db.end();
  }
}, 90_000);
