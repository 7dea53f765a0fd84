import { type TConversationBase, visitorDisplayName } from '@oceras/protocol';
import { currentLocale, currentStrings, fill } from './i18n/i18n';

/** A visitor's name as every screen shows it; "Erased visitor" and "Visitor #n" in the app's language. */
export function visitorLabel(v: TConversationBase['visitor'], number?: number) {
  const t = currentStrings().visitor;
  if (v.isErased) return t.erased;
  // The protocol's rule (name, else email) with its English fallbacks said in the app's language.
  if (v.name || v.email) return visitorDisplayName(v, number);
  return number !== undefined ? fill(t.numbered, { number }) : t.anonymous;
}

/** "now", "5m", "3h", "2d", or a date: compact, for list rows, in the app's language. */
export function timeAgo(iso: string, now = Date.now(), locale?: string) {
  const t = currentStrings().time;
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return t.now;
  if (s < 3600) return fill(t.minutes, { count: Math.floor(s / 60) });
  if (s < 86_400) return fill(t.hours, { count: Math.floor(s / 3600) });
  if (s < 7 * 86_400) return fill(t.days, { count: Math.floor(s / 86_400) });
  return formatter(locale ?? currentLocale(), 'date', DATE).format(Date.parse(iso));
}

/** "just now", "5m ago", "on 3 Mar 2026", for sentences, in the app's language. */
export function relativeTime(iso: string, now = Date.now()) {
  const t = currentStrings().time;
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const compact = timeAgo(iso, now);
  if (s < 60) return t.justNow;
  return fill(s < 7 * 86_400 ? t.ago : t.onDate, { time: compact });
}

/**
 * Dates and times in the app's locale (its language, with the device's region when it speaks that language, and
 * their 12- or 24-hour clock); never a fixed format or hour cycle. One formatter per locale and kind: building one
 * costs more than formatting.
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
  return formatter(locale ?? currentLocale(), 'time', TIME).format(Date.parse(iso));
}

/** "5 Dec 2026, 15:45" or "Dec 5, 2026, 3:45 PM". */
export function dateTime(iso: string, locale?: string) {
  return formatter(locale ?? currentLocale(), 'dateTime', { ...DATE, ...TIME }).format(Date.parse(iso));
}

/** A readable browser and system from a User-Agent string ("Chrome on macOS"); the raw string when unknown. */
export function describeUserAgent(ua: string | null) {
  const t = currentStrings().time;
  if (!ua) return t.unknownBrowser;
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
  return browser && os ? fill(t.browserOn, { browser, os }) : (browser ?? os ?? ua.slice(0, 80));
}
