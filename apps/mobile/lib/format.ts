import type { TConversationBase } from '@oceras/protocol';

export function visitorLabel(v: TConversationBase['visitor'], number?: number) {
  return v.name || v.email || (number !== undefined ? `Visitor #${number}` : 'Visitor');
}

/** "now", "5m", "3h", "2d", or a date: compact, for list rows. */
export function timeAgo(iso: string, now = Date.now()) {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'now';
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  if (s < 7 * 86_400) return `${Math.floor(s / 86_400)}d`;
  return new Date(iso).toLocaleDateString();
}

/** "just now", "5m ago", ... for sentences. */
export function relativeTime(iso: string, now = Date.now()) {
  const t = timeAgo(iso, now);
  return t === 'now' ? 'just now' : /\d[mhd]$/.test(t) ? `${t} ago` : `on ${t}`;
}

export function clockTime(iso: string) {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function dateTime(iso: string) {
  return `${new Date(iso).toLocaleDateString()} ${clockTime(iso)}`;
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
