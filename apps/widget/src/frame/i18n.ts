/**
 * The frame's strings in English, French, German and Spanish, picked from navigator.languages. English (locales/en.ts) is bundled; the
 * others are in locales/, each a chunk of its own loaded for the visitors who read it (the chat's weight counts,
 * docs/PERFORMANCE.md): add a string to every one of them.
 */
import { pickLanguage } from '@oceras/protocol/languages';
import { en, type Strings } from './locales/en.js';

export type { Strings };

const LOCALES: Record<string, () => Promise<{ default: Strings }>> = {
  en: async () => ({ default: en }),
  fr: () => import('./locales/fr.js'),
  de: () => import('./locales/de.js'),
  es: () => import('./locales/es.js'),
};
export const LANGUAGES = Object.keys(LOCALES);

/** A language's strings (English if its chunk cannot load). */
export const loadStrings = (lang: string): Promise<Strings> =>
  LOCALES[lang]!().then(
    (m) => m.default,
    () => en,
  );

/** The first of the visitor's languages we have ("fr-CA" counts as "fr"), else English: Oceras's one rule. */
export const pickLocale = (languages: readonly string[]): string => pickLanguage(languages);

/**
 * The offline notice: only what is true. The email sentence shows to visitors who gave an address when the
 * organization has email follow-up on (the session's `hasEmailFollowUp`: its setting and the server's SMTP).
 * "You will find our answer when you come back" needs storage that outlives the page.
 */
export function offlineNotice(
  t: Strings,
  o: { hasEmailFollowUp: boolean; hasEmail: boolean; isRemembered: boolean },
): string {
  const line = o.hasEmailFollowUp && o.hasEmail ? t.offlineEmail : o.isRemembered ? t.offlineComeBack : t.offlineReply;
  return `${t.offline} ${line}`;
}

export const format = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
