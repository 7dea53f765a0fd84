/**
 * The app's language (issue 18): the agent's choice (`language` on GET /me, kept with the profile), else the
 * device's first language Oceras speaks (@oceras/protocol/languages), else English. The four catalogs are bundled:
 * the app is installed once, so there is no first screen's weight to spare, and a switch is synchronous (never a
 * screen of keys). Screens read the strings with `useStrings()`, which renders again on a switch.
 */
import { pickLanguage, type TLanguage } from '@oceras/protocol/languages';
import { fill, type PluralForms, pluralForm } from '@oceras/protocol/text-format';
import { useSyncExternalStore } from 'react';
import { de } from './de';
import { en, type Strings } from './en';
import { es } from './es';
import { fr } from './fr';

export type { Strings };
export { fill };

export const CATALOGS: Record<TLanguage, Strings> = { en, fr, de, es };

/**
 * The device's languages, most preferred first: the browser's list on the web build, else the locale JavaScript
 * runs in (Hermes and JavaScriptCore report the system's), with no extra native module.
 */
export function deviceLocales(): string[] {
  const nav = (globalThis as { navigator?: { languages?: readonly string[]; language?: string } }).navigator;
  const list = [...(nav?.languages ?? []), ...(nav?.language ? [nav.language] : [])];
  try {
    list.push(Intl.DateTimeFormat().resolvedOptions().locale);
  } catch {
    // An engine without Intl: English.
  }
  return list.filter((l) => typeof l === 'string' && l !== '');
}

/** The device's language among ours (what the sign-in screen and an agent without a choice see). */
export const deviceLanguage = (): TLanguage => pickLanguage(deviceLocales());

let current: { language: TLanguage; locale: string; strings: Strings } = localeOf(deviceLanguage());
const listeners = new Set<() => void>();

/** The locale dates and numbers are written in: the device's own (its region too) when it speaks the language. */
function localeOf(language: TLanguage) {
  const own = deviceLocales().find((l) => pickLanguage([l]) === language && l.toLowerCase() !== language);
  return { language, locale: own ?? language, strings: CATALOGS[language] };
}

/** Switches every screen to the agent's choice, or the device's language for none (null). */
export function applyLanguage(choice: TLanguage | null) {
  const language = choice ?? deviceLanguage();
  if (current.language === language) return;
  current = localeOf(language);
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The strings of the current language; the component renders again when it changes. */
export const useStrings = (): Strings => useSyncExternalStore(subscribe, () => current.strings);

/** The current language; the component renders again when it changes (for formatting with the locale). */
export const useLanguage = (): TLanguage => useSyncExternalStore(subscribe, () => current.language);

/** The current strings, for code outside React (error messages); screens use `useStrings`. */
export const currentStrings = (): Strings => current.strings;
export const currentLanguage = (): TLanguage => current.language;
export const currentLocale = (): string => current.locale;

/** One of a string's plural forms by the current language's rules, `{count}` written in its locale. */
export const plural = (forms: PluralForms, count: number): string =>
  pluralForm(current.language, forms, count, current.locale);
