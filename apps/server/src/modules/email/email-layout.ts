import type { TWidgetLocale } from '@oceras/protocol';

/** `{name}` placeholders filled from `values` (an unknown name stays as written). */
export const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The organization's widget colour when it is a plain #rrggbb (it goes into style attributes), else the default. */
export const safeColor = (color: string) => (/^#[0-9a-fA-F]{6}$/.test(color) ? color : '#1f6feb');

/** One entry of a visitor email: who wrote, what, and (transcripts) the files by name. */
export const htmlEntry = (color: string, who: string, body: string, files: readonly string[] = []) =>
  `<div style="margin:12px 0;padding:8px 12px;border-left:3px solid ${color}"><div style="font-weight:600">${escapeHtml(who)}</div><div style="white-space:pre-wrap">${escapeHtml(body)}</div>${files.map((f) => `<div style="color:#57606a">📎 ${escapeHtml(f)}</div>`).join('')}</div>`;

/** What every visitor email shows: the organization, in the visitor's language. */
export interface EmailFrame {
  locale: TWidgetLocale;
  organizationName: string;
  /** The widget's colour (#rrggbb, checked by the protocol's schema; `safeColor` again here). */
  color: string;
}

/**
 * The HTML frame of every visitor email (follow-ups, transcripts): the organization's name on its colour, the
 * content (made with the checked colour), and the one-click unsubscribe link at the foot.
 */
export function htmlEmail(
  c: EmailFrame,
  unsubscribe: { label: string; url: string },
  content: (color: string) => string,
) {
  const color = safeColor(c.color);
  return `<!doctype html><html lang="${c.locale}"><body style="margin:0;font-family:system-ui,sans-serif;color:#1b1f24">
<div style="background:${color};color:#fff;padding:12px 16px;font-weight:600">${escapeHtml(c.organizationName)}</div>
<div style="padding:16px">
${content(color)}
<p style="color:#57606a;font-size:12px"><a href="${escapeHtml(unsubscribe.url)}" style="color:#57606a">${escapeHtml(unsubscribe.label)}</a></p>
</div></body></html>`;
}

/** The plain-text foot of every visitor email. */
export const textFoot = (organizationName: string, unsubscribe: { label: string; url: string }) => [
  '',
  '-- ',
  organizationName,
  `${unsubscribe.label}: ${unsubscribe.url}`,
];
