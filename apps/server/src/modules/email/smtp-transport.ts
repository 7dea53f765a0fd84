import type { Transporter } from 'nodemailer';

/** What an SMTP attempt ended with: accepted, refused for good (5xx: a bounce), or worth another try. */
export type SmtpOutcome = { kind: 'sent' } | { kind: 'bounced' | 'retry'; error: string };

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
  headers: Record<string, string>;
}

export interface EmailTransport {
  send(mail: OutgoingEmail): Promise<SmtpOutcome>;
  close(): void;
}

/** An SMTP reply code of 5xx is permanent (RFC 5321 §4.2.1): the recipient or the message is refused for good. */
export function judgeSmtpError(err: unknown): SmtpOutcome {
  const e = err as { responseCode?: number; response?: string; message?: string; code?: string };
  const error = (e.response ?? e.message ?? String(err)).slice(0, 500);
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600)
    return { kind: 'bounced', error };
  return { kind: 'retry', error };
}

/**
 * nodemailer's pooled SMTP transport on SMTP_URL: a few connections kept open and reused for every email, rather
 * than one connection per email (the invitations' transport, lib/mailer.ts, sends one at a time).
 */
export async function createSmtpTransport(url: string, maxConnections = 3): Promise<EmailTransport> {
  const nodemailer = await import('nodemailer');
  const u = new URL(url);
  u.searchParams.set('pool', 'true');
  u.searchParams.set('maxConnections', String(maxConnections));
  const transport: Transporter = nodemailer.default.createTransport(u.toString());
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html !== null && { html: mail.html }),
          messageId: mail.messageId,
          headers: mail.headers,
        });
        return { kind: 'sent' };
      } catch (err) {
        return judgeSmtpError(err);
      }
    },
    close() {
      transport.close();
    },
  };
}
