import { type TConversationBase, visitorDisplayName } from '@oceras/protocol';

export const visitorLabel = (v: TConversationBase['visitor'], number?: number) => visitorDisplayName(v, number);

/** "now", "5m", "3h", "2d", or a date: compact, for list rows. */
export function timeAgo(iso: string, now = Date.now(), locale?: string) {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'now';
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  if (s < 7 * 86_400) return `${Math.floor(s / 86_400)}d`;
  return formatter(locale, 'date', DATE).format(Date.parse(iso));
}

/** "just now", "5m ago", ... for sentences. */
export function relativeTime(iso: string, now = Date.now()) {
  const t = timeAgo(iso, now);
  return t === 'now' ? 'just now' : /\d[mhd]$/.test(t) ? `${t} ago` : `on ${t}`;
}

/**
 * Dates and times in the device's locale (`undefined`: its language and region, with their 12- or 24-hour clock);
 * never a fixed format or hour cycle. One formatter per locale and kind: building one costs more than formatting.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
// Fields rather than dateStyle/timeStyle, which not every JavaScript engine on phones implements.
const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
function formatter(locale: string | undefined, kind: string, options: Intl.DateTimeFormatOptions) {
  const key = `${locale ?? ''}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** "15:45" or "3:45 PM", as the device's locale writes a time. */
export function clockTime(iso: string, locale?: string) {
  return formatter(locale, 'time', TIME).format(Date.parse(iso));
}

/** "5 Dec 2026, 15:45" or "Dec 5, 2026, 3:45 PM". */
export function dateTime(iso: string, locale?: string) {
  return formatter(locale, 'dateTime', { ...DATE, ...TIME }).format(Date.parse(iso));
}

/** A readable browser and system from a User-Agent string ("Chrome on macOS"); the raw string when unknown. */
export function describeUserAgent(ua: string | null) {
  if (!ua) return 'Unknown';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : null;
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Mac OS X/.test(ua)
        ? 'macOS'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  return browser && os ? `${browser} on ${os}` : (browser ?? os ?? ua.slice(0, 80));
}
