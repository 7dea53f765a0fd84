import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string | null;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

/**
 * A real SMTP server of the test's own (smtp-server), recording what arrives. `reject(address, code)` refuses a
 * recipient at RCPT TO (550: a bounce; 450: try later); `hang()` takes the next message's DATA and never answers
 * it (a process stuck mid-send).
 */
export async function startSmtpSink() {
  const mails: ReceivedMail[] = [];
  const rejected = new Map<string, number>();
  let hangNext = false;
  let hung = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = rejected.get(address.address.toLowerCase());
      if (code === undefined) return callback();
      const err = new Error(code >= 500 ? 'no such mailbox here' : 'mailbox busy, try later') as Error & {
        responseCode: number;
      };
      err.responseCode = code;
      return callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (hangNext) {
          hangNext = false;
          hung++;
          return; // never answered
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          parsed: await simpleParser(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    to: (address: string) => mails.filter((m) => m.to.includes(address)),
    reject(address: string, code: number) {
      rejected.set(address.toLowerCase(), code);
    },
    accept(address: string) {
      rejected.delete(address.toLowerCase());
    },
    hang() {
      hangNext = true;
    },
    get hung() {
      return hung;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;
