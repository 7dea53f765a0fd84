import type { Services } from '../../services.js';
import { findThreadByToken } from './email.repo.js';
import { acceptsEmailReplies, INBOUND_MAX_BYTES, inboxOf, receiveEmail, replyTokenOf } from './receive-email.js';

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * The built-in SMTP receiver (INBOUND_SMTP_PORT), for a domain's MX or a relay such as Postfix in front: the SIZE
 * limit is announced and enforced (552), a recipient that is not a known reply address is refused at RCPT TO (550,
 * so nothing is accepted that we would have to bounce), and each message goes through `receiveEmail`, the HTTP
 * route's function: refused there → 550, ignored (auto-replies, bounces, lists) → accepted and dropped.
 */
export async function startSmtpReceiver(services: Services, port: number, host: string) {
  const { SMTPServer } = await import('smtp-server');
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: INBOUND_MAX_BYTES,
    logger: false,
    banner: 'Oceras',
    onRcptTo(address, _session, callback) {
      recipientRefusal(services, address.address).then(
        (refusal) => callback(refusal ? smtpError(550, refusal) : undefined),
        () => callback(smtpError(451, 'try again later')),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded)
          return callback(smtpError(552, 'message exceeds the size limit'));
        const mailFrom = session.envelope.mailFrom;
        receiveEmail(services, Buffer.concat(chunks), {
          from: mailFrom ? mailFrom.address : '',
          recipients: session.envelope.rcptTo.map((r) => r.address),
        }).then(
          (result) =>
            callback(result.outcome === 'refused' ? smtpError(550, 'this message cannot be delivered here') : null),
          (err) => {
            services.errors.report(err, 'inbound email');
            callback(smtpError(451, 'try again later'));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => services.errors.report(err, 'inbound SMTP'));
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Why a recipient is refused at RCPT TO, or null: a live reply address, or one of the organizations' inboxes. */
async function recipientRefusal(services: Services, address: string): Promise<string | null> {
  const token = replyTokenOf(address, services.env.REPLY_DOMAIN);
  if (!token) return (await inboxOf(services, address)) ? null : 'no such mailbox';
  const thread = await findThreadByToken(services.db, token);
  if (!thread) return 'no such mailbox';
  return acceptsEmailReplies(thread.last_activity_at) ? null : 'this reply address has expired';
}
