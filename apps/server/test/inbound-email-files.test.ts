/**
 * An email's attachments and its sender authentication, through the SMTP receiver and the HTTP route, with both
 * storage drivers: the files become the visitor message's attachments (type read from the bytes, the organization's
 * kinds, size limit and quota; images get their thumbnail), the refused ones are named in a system line for agents,
 * agents and the visitor download them and another visitor cannot; a trusted relay's Authentication-Results are
 * recorded for agents (REST and socket) and never reach the visitor.
 */
import type { TAttachment, TMessage } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/db/client.js';
import { download, files, listen } from './attachments-kit.js';
import { buildOrganization, startTestServer, type TestServer, visitor } from './helpers.js';
import { freePort } from './processes.js';
import { startS3 } from './s3-server.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

const SECRET = 'inbound-secret-files-0123456';
const RELAY = 'mx.oceras.test';
/** A Windows program's first bytes: file-type reads `application/x-msdownload`, a type in no kind. */
const program = () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);

type Mail = ConstructorParameters<typeof MailComposer>[0];
const compose = (mail: Mail) => new MailComposer(mail).compile().build();

describe.each(['local', 's3'] as const)('inbound email files with the %s driver', (driver) => {
  let sink: SmtpSink;
  let server: TestServer;
  let s3: Awaited<ReturnType<typeof startS3>> | null = null;
  let smtpPort: number;
  let n = 0;

  beforeAll(async () => {
    s3 = driver === 's3' ? await startS3() : null;
    sink = await startSmtpSink();
    smtpPort = await freePort();
    server = await startTestServer({
      SMTP_URL: sink.url,
      EMAIL_POLL_MS: '100',
      EMAIL_FOLLOWUP_DELAY_SECONDS: '1',
      REPLY_DOMAIN: 'reply.oceras.test',
      INBOUND_EMAIL_SECRET: SECRET,
      INBOUND_SMTP_PORT: String(smtpPort),
      INBOUND_TRUSTED_AUTHSERV_IDS: `other.example.test, ${RELAY.toUpperCase()}`,
      ...(s3?.env ?? {}),
    });
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
    await s3?.close();
  });

  /** A visitor with an email who got a follow-up (its Reply-To address), with the agent's and visitor's sockets. */
  async function followedUp() {
    const org = await buildOrganization(server);
    const email = `files${++n}@example.test`;
    const v = await visitor(server, org.organization.widgetKey, { email });
    const conv = await v.start('Question?');
    await org.api.call('sendMessage', {
      params: { id: conv.id },
      body: { clientId: `reply-${n}-files`, body: 'Answer' },
    });
    await expect.poll(() => sink.to(email).length, { timeout: 10_000, interval: 50 }).toBe(1);
    const replyTo = sink.to(email)[0]!.parsed.replyTo!.value[0]!.address!;
    const agent = await listen(server, '/agent', { token: org.accessToken });
    return { org, email, v, conv, replyTo, agent };
  }

  const post = async (raw: Buffer) => {
    const res = await fetch(`${server.baseUrl}/api/v1/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${SECRET}` },
      body: new Uint8Array(raw),
    });
    return { status: res.status, body: (await res.json()) as { outcome: string } };
  };

  const messagesOf = async (org: Awaited<ReturnType<typeof followedUp>>['org'], conversationId: string) =>
    (await org.api.call('listMessages', { params: { id: conversationId } })).messages;
  const bytesOf = async (url: string) => {
    const res = await download(server, url);
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it('takes a reply’s files by SMTP as attachments typed by their bytes, with a thumbnail; refused ones are named', async () => {
    const { org, email, v, conv, replyTo, agent } = await followedUp();
    const png = await files.png(320, 200);
    const pdf = files.pdf();
    await nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true }).sendMail({
      from: email,
      to: replyTo,
      subject: 'Re: Answer',
      text: 'Here are the photo and the invoice.',
      html: '<p>Here are the photo and the invoice.</p><img src="cid:logo@mail">',
      attachments: [
        // The sender's type is wrong: the bytes say PNG.
        { filename: 'photo.png', content: png, contentType: 'application/octet-stream' },
        { filename: '../../etc/report.pdf', content: pdf, contentType: 'application/pdf' },
        // A program that claims to be a PDF: refused for its bytes.
        { filename: 'invoice.pdf', content: program(), contentType: 'application/pdf' },
        { filename: 'logo.png', content: await files.png(16, 16), contentType: 'image/png', cid: 'logo@mail' },
      ],
    });

    const live = async () => agent.received.filter((e) => e.event === 'message.created').map((e) => e.data as TMessage);
    await expect.poll(async () => (await live()).length, { timeout: 10_000 }).toBe(2);
    const [message, line] = await live();
    expect(message!.body).toBe('Here are the photo and the invoice.');
    // In the email's MIME order: the HTML part's inline image (multipart/related) comes before the attachments.
    expect(message!.attachments!.map((a) => [a.fileName, a.contentType, a.size])).toEqual([
      ['logo.png', 'image/png', expect.any(Number)],
      ['photo.png', 'image/png', png.length],
      ['report.pdf', 'application/pdf', pdf.length],
    ]);
    expect(line).toMatchObject({
      type: 'system',
      body: 'Not kept from this email: invoice.pdf (a type this organization does not accept)',
      system: {
        action: 'email_files_refused',
        files: [{ fileName: 'invoice.pdf', contentType: 'application/x-msdownload', reason: 'type' }],
      },
    });

    // The photo's thumbnail follows (attachment.ready), and the agent downloads both files.
    const stored = async () => (await messagesOf(org, conv.id)).find((m) => m.id === message!.id)!;
    await expect.poll(async () => (await stored()).attachments![1]!.thumbnailUrl, { timeout: 15_000 }).toBeDefined();
    const [, photo, report] = (await stored()).attachments as TAttachment[];
    expect(photo).toMatchObject({ width: 320, height: 200 });
    expect(await bytesOf(photo!.url)).toEqual({ status: 200, bytes: png });
    expect((await bytesOf(photo!.thumbnailUrl!)).status).toBe(200);
    expect(await bytesOf(report!.url)).toEqual({ status: 200, bytes: pdf });

    // The visitor sees their message and files in the widget (never the system line) and downloads them.
    const mine = (await v.api.call('listVisitorMessages', { params: { id: conv.id } })).messages;
    expect(mine.map((m) => m.type)).toEqual(['message', 'message', 'message']);
    expect(await bytesOf(mine.at(-1)!.attachments![1]!.url)).toEqual({ status: 200, bytes: png });

    // Another visitor, even with a URL correctly signed for them, cannot read it.
    const other = await visitor(server, org.organization.widgetKey, { name: 'Other' });
    await other.start('Hello');
    const signedForOther = server.services.fileUrls.download(photo!.id, 'original', {
      kind: 'visitor',
      visitorId: other.session.visitorId,
    });
    expect((await bytesOf(signedForOther)).status).toBe(404);
    for (const s of [agent, v, other]) s.close();
  });

  it('refuses by the HTTP route a file over the size limit and one past the quota, and keeps the rest', async () => {
    const { org, email, conv, replyTo, agent } = await followedUp();
    agent.close();
    await org.api.call('updateOrganization', {
      body: { attachmentSettings: { maxFileBytes: 3000, quotaBytes: 4500 } },
    });
    const raw = await compose({
      from: email,
      to: replyTo,
      subject: 'Re: Answer',
      text: 'Three notes.',
      attachments: [
        { filename: 'big.txt', content: 'b'.repeat(4000), contentType: 'text/plain' },
        { filename: 'first.txt', content: 'f'.repeat(2500), contentType: 'text/plain' },
        { filename: 'second.csv', content: `a,b\n${'1,2\n'.repeat(600)}`, contentType: 'text/csv' },
      ],
    });
    expect(await post(raw)).toMatchObject({ status: 202, body: { outcome: 'appended' } });
    const [message, line] = (await messagesOf(org, conv.id)).slice(-2);
    expect(message!.body).toBe('Three notes.');
    expect(message!.attachments!.map((a) => [a.fileName, a.contentType])).toEqual([['first.txt', 'text/plain']]);
    expect(line!.system).toMatchObject({
      files: [
        { fileName: 'big.txt', reason: 'size' },
        { fileName: 'second.csv', contentType: 'text/csv', reason: 'quota' },
      ],
    });
    expect(line!.body).toBe(
      "Not kept from this email: big.txt (larger than its file size limit), second.csv (the organization's file storage is full)",
    );

    // An email of refused files alone still reaches the agents, as the line.
    const alone = await compose({
      from: email,
      to: replyTo,
      subject: 'Re: Answer',
      attachments: [{ filename: 'again.txt', content: 'x'.repeat(2600), contentType: 'text/plain' }],
    });
    expect(await post(alone)).toMatchObject({ status: 202, body: { outcome: 'appended' } });
    expect((await messagesOf(org, conv.id)).at(-1)).toMatchObject({
      type: 'system',
      system: { files: [{ fileName: 'again.txt', reason: 'quota' }] },
    });
    // Nothing refused was stored: the organization holds the one file it kept.
    const rows = await query<{ file_name: string; message_id: string | null }>(
      server.services.db,
      sql`select file_name, message_id from attachments where organization_id = ${org.organization.id}`,
    );
    expect(rows).toEqual([{ file_name: 'first.txt', message_id: message!.id }]);
  });

  it('stores the files once when a relay posts the same email twice', async () => {
    const { org, email, conv, replyTo, agent } = await followedUp();
    agent.close();
    const raw = await compose({
      from: email,
      to: replyTo,
      subject: 'Re: Answer',
      messageId: `<twice-${n}@mail.example.test>`,
      attachments: [{ filename: 'scan.pdf', content: files.pdf(), contentType: 'application/pdf' }],
    });
    expect((await post(raw)).body.outcome).toBe('appended');
    expect((await post(raw)).body).toEqual({ outcome: 'ignored', reason: 'duplicate' });
    const visitors = (await messagesOf(org, conv.id)).filter((m) => m.author.type === 'visitor');
    expect(visitors.map((m) => m.attachments!.map((a) => a.fileName))).toEqual([[], ['scan.pdf']]);
    const [count] = await query<{ n: number }>(
      server.services.db,
      sql`select count(*)::int as n from attachments where organization_id = ${org.organization.id}`,
    );
    expect(count!.n).toBe(1);
  });

  it('starts an inbox conversation with the email’s files', async () => {
    const org = await buildOrganization(server);
    const address = `support-${++n}-${driver}@shop.example.test`;
    await org.api.call('createEmailInbox', { body: { address } });
    const png = await files.png(64, 64);
    const raw = await compose({
      from: 'Carla <carla@example.test>',
      to: address,
      subject: 'Broken zipper',
      text: 'See the photo.',
      attachments: [{ filename: 'zipper.png', content: png }],
    });
    const res = await post(raw);
    expect(res.body.outcome).toBe('started');
    const conversationId = (res.body as unknown as { conversationId: string }).conversationId;
    const [first] = await messagesOf(org, conversationId);
    expect(first!.body).toBe('See the photo.');
    expect(first!.attachments!.map((a) => a.fileName)).toEqual(['zipper.png']);
    expect(await bytesOf(first!.attachments![0]!.url)).toEqual({ status: 200, bytes: png });
  });

  it('records a trusted relay’s SPF/DKIM/DMARC for agents (REST and socket), never for the visitor', async () => {
    const { org, email, v, conv, replyTo, agent } = await followedUp();
    const headers = {
      // The topmost trusted header is the relay's own; below it, one the sender forged with the relay's id, and
      // one from a server nobody trusts.
      'Authentication-Results': [
        `${RELAY}; spf=pass smtp.mailfrom=example.test; dkim=fail (bad signature) header.d=example.test; dmarc=fail`,
        `${RELAY}; spf=pass; dkim=pass; dmarc=pass`,
        'attacker.example.test; spf=pass; dkim=pass; dmarc=pass',
      ],
    };
    const raw = await compose({ from: email, to: replyTo, subject: 'Re: Answer', text: 'Signed?', headers });
    expect((await post(raw)).body.outcome).toBe('appended');
    const expected = { authservId: RELAY, spf: 'pass', dkim: 'fail', dmarc: 'fail' };
    await expect
      .poll(() => agent.received.find((e) => e.event === 'message.created')?.data.emailAuth, { timeout: 5000 })
      .toEqual(expected);
    const stored = (await messagesOf(org, conv.id)).find((m) => m.body === 'Signed?')!;
    expect(stored.emailAuth).toEqual(expected);

    await expect
      .poll(() => v.received.some((e) => e.event === 'message.created' && e.data.body === 'Signed?'), { timeout: 5000 })
      .toBe(true);
    const seen = v.received.find((e) => e.event === 'message.created' && e.data.body === 'Signed?')!.data;
    expect(seen).not.toHaveProperty('emailAuth');
    const mine = (await v.api.call('listVisitorMessages', { params: { id: conv.id } })).messages;
    expect(mine.find((m) => m.body === 'Signed?')).not.toHaveProperty('emailAuth');

    // An email with only an untrusted relay's header records nothing; a visitor's widget message never has it.
    const untrusted = await compose({
      from: email,
      to: replyTo,
      subject: 'Re: Answer',
      text: 'Unsigned',
      headers: { 'Authentication-Results': 'attacker.example.test; spf=pass; dkim=pass; dmarc=pass' },
    });
    await post(untrusted);
    await v.say(conv.id, 'From the widget');
    const rest = (await messagesOf(org, conv.id)).filter((m) => ['Unsigned', 'From the widget'].includes(m.body));
    expect(rest).toHaveLength(2);
    for (const m of rest) expect(m).not.toHaveProperty('emailAuth');
    agent.close();
    v.close();
  });
});
