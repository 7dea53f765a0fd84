import type { TAgent, TConversationBase } from '@oceras/protocol';
import { visitorDisplayName } from '@oceras/protocol/labels';
import { currentLocale, currentStrings } from '../i18n/i18n';

/** The visitor's name as every app writes it (the protocol's rule), in the dashboard's language. */
export function visitorName(c: Pick<TConversationBase, 'visitor' | 'number'>) {
  const t = currentStrings().desk;
  return visitorDisplayName(c.visitor, c.number, {
    erased: t.erasedVisitor,
    visitor: t.visitor,
    numbered: t.visitorNumbered,
  });
}

/**
 * Formatters by locale and kind: building one costs more than formatting. Dates and times follow the reader's
 * locale (`currentLocale()`: the dashboard's language, with the browser's region when it speaks it), with its 12- or
 * 24-hour clock; never a fixed format or hour cycle.
 */
const formatters = new Map<string, { format(value: number): string }>();
function cached<F extends { format(value: number): string }>(key: string, make: () => F): F {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f as F;
}
const dateFormat = (locale: string) =>
  cached(`${locale}|date`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }));
/** "5m", "5 min", "5 Min.": a number of minutes, hours or days as short as the locale writes it. */
const unitFormat = (locale: string, unit: 'minute' | 'hour' | 'day') =>
  cached(
    `${locale}|${unit}`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'narrow', maximumFractionDigits: 0 }),
  );

/**
 * How long ago, as short as a list row wants it: "now", "5m", "3h", "2d" (French "maintenant", "5min", "3h", "2j"),
 * then the date. `relativeTime` says the same in words, for a tooltip.
 */
export function timeAgo(iso: string, now = Date.now(), locale = currentLocale()) {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(0, 'second');
  if (s < 3600) return unitFormat(locale, 'minute').format(Math.floor(s / 60));
  if (s < 86_400) return unitFormat(locale, 'hour').format(Math.floor(s / 3600));
  if (s < 7 * 86_400) return unitFormat(locale, 'day').format(Math.floor(s / 86_400));
  return dateFormat(locale).format(Date.parse(iso));
}

/** "5 minutes ago", "il y a 5 minutes", "vor 2 Tagen": how long ago in words, in the reader's locale. */
export function relativeTime(iso: string, now = Date.now(), locale = currentLocale()) {
  const s = Math.round((Date.parse(iso) - now) / 1000);
  const words = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(s);
  if (abs < 60) return words.format(0, 'second');
  if (abs < 3600) return words.format(Math.trunc(s / 60), 'minute');
  if (abs < 86_400) return words.format(Math.trunc(s / 3600), 'hour');
  if (abs < 30 * 86_400) return words.format(Math.trunc(s / 86_400), 'day');
  return dateTime(iso, locale);
}

/** "5 Dec 2026, 15:45" or "Dec 5, 2026, 3:45 PM", as the reader's locale writes it. */
export const dateTime = (iso: string, locale = currentLocale()) =>
  cached(
    `${locale}|dateTime`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(Date.parse(iso));

/** A time of day ("9:00 AM", "09:00"), as the reader's locale writes it. */
export const timeOfDay = (at: Date, locale = currentLocale()) =>
  cached(`${locale}|time`, () => new Intl.DateTimeFormat(locale, { timeStyle: 'short' })).format(at.getTime());

/** "Ann, Bob and Cleo", "Ann, Bob et Cleo": names in a sentence, as the reader's language lists them. */
export const listFormat = (items: string[], locale = currentLocale()) =>
  new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);

export const agentName = (agents: TAgent[] | undefined, id: string | null) => {
  const t = currentStrings().desk;
  return id ? (agents?.find((a) => a.id === id)?.name ?? t.someone) : t.nobody;
};

export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('') || '?';
