import type { TWidgetLocale } from '@oceras/protocol';
import { type EmailFrame, escapeHtml, fill, htmlEmail, htmlEntry, textFoot } from './email-layout.js';

/** The follow-up's words in the widget's four languages ({name} placeholders). */
const STRINGS: Record<
  TWidgetLocale,
  { subjectOne: string; subjectMany: string; intro: string; open: string; replyHint: string; unsubscribe: string }
> = {
  en: {
    subjectOne: '{agent} replied to your message',
    subjectMany: 'New replies from {org}',
    intro: 'You have new replies in your conversation with {org}:',
    open: 'Continue the conversation',
    replyHint: 'You can also answer by replying to this email.',
    unsubscribe: 'Stop emails about this conversation',
  },
  fr: {
    subjectOne: '{agent} a répondu à votre message',
    subjectMany: 'Nouvelles réponses de {org}',
    intro: 'Vous avez de nouvelles réponses dans votre conversation avec {org} :',
    open: 'Reprendre la conversation',
    replyHint: 'Vous pouvez aussi répondre directement à cet e-mail.',
    unsubscribe: 'Ne plus recevoir d’e-mails pour cette conversation',
  },
  de: {
    subjectOne: '{agent} hat auf Ihre Nachricht geantwortet',
    subjectMany: 'Neue Antworten von {org}',
    intro: 'Sie haben neue Antworten in Ihrer Unterhaltung mit {org}:',
    open: 'Unterhaltung fortsetzen',
    replyHint: 'Sie können auch einfach auf diese E-Mail antworten.',
    unsubscribe: 'Keine E-Mails mehr zu dieser Unterhaltung',
  },
  es: {
    subjectOne: '{agent} respondió a tu mensaje',
    subjectMany: 'Nuevas respuestas de {org}',
    intro: 'Tienes nuevas respuestas en tu conversación con {org}:',
    open: 'Continuar la conversación',
    replyHint: 'También puedes contestar respondiendo a este correo.',
    unsubscribe: 'No recibir más correos sobre esta conversación',
  },
};

export interface FollowUpContent extends EmailFrame {
  replies: { agentName: string; body: string; at: Date }[];
  link: string;
  unsubscribeUrl: string;
  /** The email can be answered (Reply-To names the conversation). */
  canReply: boolean;
}

/** Subject, plain text and HTML of one follow-up: the replies the visitor missed, each with its agent's name. */
export function renderFollowUp(c: FollowUpContent) {
  const t = STRINGS[c.locale] ?? STRINGS.en;
  const names = [...new Set(c.replies.map((r) => r.agentName))];
  const subject =
    names.length === 1
      ? fill(t.subjectOne, { agent: names[0]!, org: c.organizationName })
      : fill(t.subjectMany, { org: c.organizationName });
  const intro = fill(t.intro, { org: c.organizationName });
  const unsubscribe = { label: t.unsubscribe, url: c.unsubscribeUrl };
  const text = [
    intro,
    '',
    ...c.replies.flatMap((r) => [`${r.agentName}:`, r.body, '']),
    `${t.open}: ${c.link}`,
    ...(c.canReply ? [t.replyHint] : []),
    ...textFoot(c.organizationName, unsubscribe),
  ].join('\n');
  const html = htmlEmail(
    c,
    unsubscribe,
    (color) => `<p>${escapeHtml(intro)}</p>
${c.replies.map((r) => htmlEntry(color, r.agentName, r.body)).join('\n')}
<p><a href="${escapeHtml(c.link)}" style="display:inline-block;background:${color};color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none">${escapeHtml(t.open)}</a></p>
${c.canReply ? `<p style="color:#57606a">${escapeHtml(t.replyHint)}</p>` : ''}`,
  );
  return { subject, text, html };
}

/**
 * An agent's answer on the email channel (a conversation started by an email to an inbox): the replies as a plain
 * email answer, signed with the agent's and the organization's names, `Re:` the conversation's subject; no link to
 * the widget (an email address never opens a chat).
 */
export function renderEmailAnswer(
  c: EmailFrame & { subject: string | null; replies: FollowUpContent['replies']; unsubscribeUrl: string },
) {
  const t = STRINGS[c.locale] ?? STRINGS.en;
  const subject = `Re: ${c.subject ?? c.organizationName}`;
  const unsubscribe = { label: t.unsubscribe, url: c.unsubscribeUrl };
  const sign = (r: { agentName: string }) => `— ${r.agentName}, ${c.organizationName}`;
  const text = [
    ...c.replies.flatMap((r) => [r.body, '', sign(r), '']),
    ...textFoot(c.organizationName, unsubscribe),
  ].join('\n');
  const html = htmlEmail(c, unsubscribe, () =>
    c.replies
      .map(
        (r) =>
          `<div style="white-space:pre-wrap">${escapeHtml(r.body)}</div><p style="color:#57606a">${escapeHtml(sign(r))}</p>`,
      )
      .join('\n'),
  );
  return { subject, text, html };
}
