import type { TWidgetLocale } from '@oceras/protocol';
import { type EmailFrame, escapeHtml, fill, htmlEmail, htmlEntry, textFoot } from './email-layout.js';

/** The transcript's words in the widget's four languages ({name} placeholders). */
const STRINGS: Record<
  TWidgetLocale,
  { subject: string; intro: string; you: string; files: string; unsubscribe: string }
> = {
  en: {
    subject: 'Your conversation with {org} (#{number})',
    intro: 'Here is the transcript of your conversation with {org}:',
    you: 'You',
    files: 'Attached',
    unsubscribe: 'Stop emails about this conversation',
  },
  fr: {
    subject: 'Votre conversation avec {org} (n° {number})',
    intro: 'Voici la transcription de votre conversation avec {org} :',
    you: 'Vous',
    files: 'Pièce jointe',
    unsubscribe: 'Ne plus recevoir d’e-mails pour cette conversation',
  },
  de: {
    subject: 'Ihre Unterhaltung mit {org} (#{number})',
    intro: 'Hier ist das Protokoll Ihrer Unterhaltung mit {org}:',
    you: 'Sie',
    files: 'Anhang',
    unsubscribe: 'Keine E-Mails mehr zu dieser Unterhaltung',
  },
  es: {
    subject: 'Tu conversación con {org} (n.º {number})',
    intro: 'Esta es la transcripción de tu conversación con {org}:',
    you: 'Tú',
    files: 'Adjunto',
    unsubscribe: 'No recibir más correos sobre esta conversación',
  },
};

export interface TranscriptContent extends EmailFrame {
  conversationNumber: number;
  /** Public messages only, oldest first; `author` null: the visitor themself. */
  messages: { author: string | null; body: string; at: Date; files: string[] }[];
  unsubscribeUrl: string;
}

/** Subject, plain text and HTML of a conversation's transcript: each public message, its author and its files. */
export function renderTranscript(c: TranscriptContent) {
  const t = STRINGS[c.locale] ?? STRINGS.en;
  const subject = fill(t.subject, { org: c.organizationName, number: String(c.conversationNumber) });
  const intro = fill(t.intro, { org: c.organizationName });
  const unsubscribe = { label: t.unsubscribe, url: c.unsubscribeUrl };
  const when = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
  const entries = c.messages.map((m) => ({
    who: `${m.author ?? t.you} · ${when(m.at)} UTC`,
    body: m.body,
    files: m.files.map((f) => `${t.files}: ${f}`),
  }));
  const text = [
    intro,
    '',
    ...entries.flatMap((e) => [`${e.who}:`, ...(e.body ? [e.body] : []), ...e.files, '']),
    ...textFoot(c.organizationName, unsubscribe),
  ].join('\n');
  const html = htmlEmail(
    c,
    unsubscribe,
    (color) =>
      `<p>${escapeHtml(intro)}</p>\n${entries.map((e) => htmlEntry(color, e.who, e.body, e.files)).join('\n')}`,
  );
  return { subject, text, html };
}
