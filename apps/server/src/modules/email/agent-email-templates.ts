import { escapeHtml } from './email-layout.js';

/** The agents' notice email (agent-email.ts): what they missed while offline, in English like the dashboard. */

export interface AgentNoticeItem {
  kind: 'mention' | 'assigned';
  conversationNumber: number;
  authorName: string | null;
  /** The note's beginning, for a mention. */
  excerpt: string | null;
  link: string;
}

export interface AgentNoticeContent {
  agentName: string;
  organizationName: string;
  color: string;
  isDigest: boolean;
  items: AgentNoticeItem[];
  settingsLink: string;
}

function headline(i: AgentNoticeItem) {
  if (i.kind === 'mention')
    return `${i.authorName ?? 'A colleague'} mentioned you in conversation #${i.conversationNumber}`;
  return i.authorName
    ? `${i.authorName} assigned conversation #${i.conversationNumber} to you`
    : `Conversation #${i.conversationNumber} was assigned to you`;
}

/** Subject, plain text and HTML: one item, several, or the daily digest. */
export function renderAgentNotice(c: AgentNoticeContent) {
  const only = c.items.length === 1 ? c.items[0]! : null;
  const subject = c.isDigest
    ? `Your daily digest: ${c.items.length} update${c.items.length === 1 ? '' : 's'} in ${c.organizationName}`
    : only
      ? `${headline(only)} (${c.organizationName})`
      : `${c.items.length} updates you missed in ${c.organizationName}`;
  const intro = `Hello ${c.agentName}, here is what happened in ${c.organizationName} while you were away:`;
  const text = [
    intro,
    '',
    ...c.items.flatMap((i) => [`- ${headline(i)}`, ...(i.excerpt ? [`  “${i.excerpt}”`] : []), `  ${i.link}`, '']),
    '-- ',
    `Change these emails: ${c.settingsLink}`,
  ].join('\n');
  const color = /^#[0-9a-fA-F]{6}$/.test(c.color) ? c.color : '#1f6feb';
  const html = `<!doctype html><html lang="en"><body style="margin:0;font-family:system-ui,sans-serif;color:#1b1f24">
<div style="background:${color};color:#fff;padding:12px 16px;font-weight:600">${escapeHtml(c.organizationName)}</div>
<div style="padding:16px">
<p>${escapeHtml(intro)}</p>
${c.items
  .map(
    (i) =>
      `<div style="margin:12px 0;padding:8px 12px;border-left:3px solid ${color}"><div style="font-weight:600">${escapeHtml(headline(i))}</div>${i.excerpt ? `<div style="white-space:pre-wrap">${escapeHtml(i.excerpt)}</div>` : ''}<div><a href="${escapeHtml(i.link)}">Open conversation #${i.conversationNumber}</a></div></div>`,
  )
  .join('\n')}
<p style="color:#57606a;font-size:12px"><a href="${escapeHtml(c.settingsLink)}" style="color:#57606a">Change these emails</a></p>
</div></body></html>`;
  return { subject, text, html };
}
