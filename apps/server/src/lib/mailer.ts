import type { Logger } from 'pino';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** True when mail can actually leave: SMTP is configured. */
  readonly isConfigured: boolean;
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer when SMTP_URL is set; otherwise a mailer that says it cannot send. */
export async function createMailer(options: { url?: string; from: string; logger: Logger }): Promise<Mailer> {
  if (!options.url) {
    return {
      isConfigured: false,
      async send() {
        throw new Error('SMTP is not configured');
      },
      close() {},
    };
  }
  const nodemailer = await import('nodemailer');
  const transport = nodemailer.default.createTransport(options.url);
  return {
    isConfigured: true,
    async send(mail) {
      await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transport.close();
    },
  };
}
