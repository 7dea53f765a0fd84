import type { TLanguage } from '@oceras/protocol/languages';
import { agentEmailStrings, agentRatingText } from './agent-email-i18n/index.js';
import { escapeHtml } from './email-layout.js';

/** The agents' notice email (agent-email.ts): what they missed while offline, in the agent's language. */

export interface AgentNoticeItem {
  kind: 'mention' | 'assigned' | 'low_rating';
  conversationNumber: number;
  authorName: string | null;
  /** The note's beginning, for a mention; the visitor's comment, for a low rating. */
  excerpt: string | null;
  /** The rating and its scale (stars unless said), for a low rating. */
  score?: number | null;
  scale?: string | null;
  link: string;
}

export interface AgentNoticeContent {
  language: TLanguage;
  agentName: string;
  organizationName: string;
  color: string;
  isDigest: boolean;
  items: AgentNoticeItem[];
  settingsLink: string;
}

function headline(language: TLanguage, i: AgentNoticeItem) {
  const t = agentEmailStrings(language).notice;
  if (i.kind === 'mention') return t.mentioned(i.authorName, i.conversationNumber);
  if (i.kind === 'low_rating')
    return t.lowRating(agentRatingText(language, { score: i.score ?? 1, scale: i.scale }), i.conversationNumber);
  return i.authorName ? t.assignedBy(i.authorName, i.conversationNumber) : t.assigned(i.conversationNumber);
}

/** Subject, plain text and HTML: one item, several, or the daily digest. */
export function renderAgentNotice(c: AgentNoticeContent) {
  const t = agentEmailStrings(c.language).notice;
  const only = c.items.length === 1 ? c.items[0]! : null;
  const subject = c.isDigest
    ? t.subjectDigest(c.items.length, c.organizationName)
    : only
      ? t.subjectOne(headline(c.language, only), c.organizationName)
      : t.subjectMany(c.items.length, c.organizationName);
  const intro = t.intro(c.agentName, c.organizationName);
  const text = [
    intro,
    '',
    ...c.items.flatMap((i) => [
      `- ${headline(c.language, i)}`,
      ...(i.excerpt ? [`  “${i.excerpt}”`] : []),
      `  ${i.link}`,
      '',
    ]),
    '-- ',
    `${t.settings}: ${c.settingsLink}`,
  ].join('\n');
  const color = /^#[0-9a-fA-F]{6}$/.test(c.color) ? c.color : '#1f6feb';
  const html = `<!doctype html><html lang="${c.language}"><body style="margin:0;font-family:system-ui,sans-serif;color:#1b1f24">
<div style="background:${color};color:#fff;padding:12px 16px;font-weight:600">${escapeHtml(c.organizationName)}</div>
<div style="padding:16px">
<p>${escapeHtml(intro)}</p>
${c.items
  .map(
    (i) =>
      `<div style="margin:12px 0;padding:8px 12px;border-left:3px solid ${color}"><div style="font-weight:600">${escapeHtml(headline(c.language, i))}</div>${i.excerpt ? `<div style="white-space:pre-wrap">${escapeHtml(i.excerpt)}</div>` : ''}<div><a href="${escapeHtml(i.link)}">${escapeHtml(t.open(i.conversationNumber))}</a></div></div>`,
  )
  .join('\n')}
<p style="color:#57606a;font-size:12px"><a href="${escapeHtml(c.settingsLink)}" style="color:#57606a">${escapeHtml(t.settings)}</a></p>
</div></body></html>`;
  return { subject, text, html };
}

/** The admins' email when a webhook was turned off (modules/webhooks), in the admin's language. */
export function renderWebhookDisabled(language: TLanguage, url: string, reason: 'gone' | 'failing') {
  const t = agentEmailStrings(language).webhookDisabled;
  return { subject: t.subject, text: t.text(url, t[reason]) };
}
