import type { TAgent, TConversationBase } from '@oceras/protocol';
import { visitorDisplayName } from '@oceras/protocol/labels';

export const visitorName = (c: Pick<TConversationBase, 'visitor' | 'number'>) =>
  visitorDisplayName(c.visitor, c.number);

export function timeAgo(iso: string, now = Date.now(), locale?: string) {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'now';
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  if (s < 7 * 86_400) return `${Math.floor(s / 86_400)}d`;
  return dateFormat(locale).format(Date.parse(iso));
}

/**
 * Dates and times in the browser's locale (`undefined`: its languages, with their 12- or 24-hour clock); never a
 * fixed format or hour cycle. One formatter per locale, as building one costs more than formatting.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string | undefined, kind: 'date' | 'dateTime', options: Intl.DateTimeFormatOptions) {
  const key = `${locale ?? ''}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}
const dateFormat = (locale?: string) => formatter(locale, 'date', { dateStyle: 'medium' });

/** "5 Dec 2026, 15:45" or "Dec 5, 2026, 3:45 PM", as the reader's locale writes it. */
export const dateTime = (iso: string, locale?: string) =>
  formatter(locale, 'dateTime', { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(iso));

export const agentName = (agents: TAgent[] | undefined, id: string | null) =>
  id ? (agents?.find((a) => a.id === id)?.name ?? 'Someone') : 'Nobody';

export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('') || '?';
