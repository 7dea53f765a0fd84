/**
 * Times and dates in the visitor's full browser locale (`navigator.languages[0]`): `en-GB` reads 24-hour, `en-US`
 * 12-hour, as the rest of their system does. The UI language (two letters, i18n.ts) would lose that. One formatter
 * per style, built on first use.
 */
export function timeLocale(languages: readonly string[]): string | undefined {
  const tag = languages[0];
  if (!tag) return undefined;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(tag)[0];
  } catch {
    return undefined; // a malformed tag: the runtime's default
  }
}

const STYLES = {
  time: { timeStyle: 'short' },
  dateTime: { dateStyle: 'short', timeStyle: 'short' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

const formats = new Map<string, Intl.DateTimeFormat>();

export function formatTime(
  iso: string,
  style: keyof typeof STYLES = 'time',
  languages: readonly string[] = navigator.languages?.length ? navigator.languages : [navigator.language],
): string {
  const locale = timeLocale(languages);
  const id = `${locale}|${style}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, STYLES[style]);
    formats.set(id, format);
  }
  return format.format(new Date(iso));
}
