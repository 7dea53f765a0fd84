/**
 * The languages Oceras speaks: the widget's, the dashboard's and the app's, and so the emails'. Zod-free, for the
 * clients. A new language is added here, then in each client's catalogs (their tests fail until it is complete).
 */
export const LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type TLanguage = (typeof LANGUAGES)[number];

export const isLanguage = (value: unknown): value is TLanguage =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** The first of a reader's language tags we speak ("fr-CA" counts as "fr"), else English. */
export function pickLanguage(tags: readonly string[]): TLanguage {
  for (const tag of tags) {
    const base = tag.toLowerCase().split(/[-_]/)[0] ?? '';
    if (isLanguage(base)) return base;
  }
  return 'en';
}
