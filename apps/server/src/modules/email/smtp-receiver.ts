import type { Services } from '../../services.js';
import { findThreadByToken } from './email.repo.js';
import { acceptsEmailReplies, INBOUND_MAX_BYTES, receiveEmail, replyTokenOf } from './receive-email.js';

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
      const token = replyTokenOf(address.address, services.env.REPLY_DOMAIN);
      if (!token) return callback(smtpError(550, 'no such mailbox'));
      findThreadByToken(services.db, token).then(
        (thread) =>
          callback(
            !thread
              ? smtpError(550, 'no such mailbox')
              : acceptsEmailReplies(thread.last_activity_at)
                ? undefined
                : smtpError(550, 'this reply address has expired'),
          ),
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
