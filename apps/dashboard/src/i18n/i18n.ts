/**
 * The dashboard's language (issue 18): the agent's choice (`language` on /me), else the browser's first language
 * Oceras speaks (@oceras/protocol/languages), else English. English (en.ts) is bundled; each other language is a
 * chunk of its own, loaded before the screens switch to it, so the first screen's weight does not grow with the
 * number of languages (docs/PERFORMANCE.md). Screens read the strings with `useStrings()`.
 */
import { pickLanguage, type TLanguage } from '@oceras/protocol/languages';
import { fill as fillText, pluralForm } from '@oceras/protocol/text-format';
import { createElement, Fragment, type ReactNode, useSyncExternalStore } from 'react';
import { en, type Strings } from './en';

export type { Strings };

const CATALOGS: Record<TLanguage, () => Promise<Strings>> = {
  en: async () => en,
  fr: () => import('./fr').then((m) => m.fr),
  de: () => import('./de').then((m) => m.de),
  es: () => import('./es').then((m) => m.es),
};

let current: { language: TLanguage; strings: Strings } = { language: 'en', strings: en };
const listeners = new Set<() => void>();
let wanted: TLanguage = 'en';

/** The browser's language among ours (what a signed-out page and an agent without a choice see). */
export const browserLanguage = (): TLanguage =>
  pickLanguage(typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]));

/**
 * Switches every screen to `language` once its strings are here (until then, the current ones stay: never a
 * screen of keys). A language whose chunk cannot load leaves the current one.
 */
export async function switchLanguage(language: TLanguage): Promise<void> {
  wanted = language;
  if (current.language === language) return;
  const strings = await CATALOGS[language]().catch(() => null);
  // A later call won meanwhile: its language, not this one.
  if (!strings || wanted !== language) return;
  current = { language, strings };
  document.documentElement.lang = language;
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The strings of the current language; the component renders again when it changes. */
export const useStrings = (): Strings => useSyncExternalStore(subscribe, () => current.strings);

/** The current strings, for code outside React (error messages); screens use `useStrings`. */
export const currentStrings = (): Strings => current.strings;

/** The current language (for code outside React: formatting, titles). */
export const currentLanguage = (): TLanguage => current.language;

/**
 * The locale dates and numbers are written in: the browser's own (its region too: "en-GB" writes 5 Dec, "en-US"
 * Dec 5) when it is the dashboard's language, else the language alone.
 */
export function currentLocale(): string {
  const browser = typeof navigator === 'undefined' ? undefined : navigator.language;
  return browser && pickLanguage([browser]) === current.language ? browser : current.language;
}

/** A string with its `{name}` placeholders filled (the rule shared with the app: @oceras/protocol/text-format). */
export const fill = (template: string, values: Record<string, string | number>): string => fillText(template, values);

/** One of a string's plural forms, by the language's rules (`{count}` filled): `{ one: …, other: … }`. */
export function plural(forms: { one: string; other: string }, count: number): string {
  return pluralForm(current.language, forms, count, currentLocale());
}

/** A string whose placeholders are elements (links in a sentence): the sentence's parts, in its language's order. */
export function fillNodes(template: string, values: Record<string, ReactNode>): ReactNode {
  const parts = template.split(/\{(\w+)\}/);
  // split with a group: even indexes are text, odd ones placeholder names.
  return createElement(
    Fragment,
    null,
    ...parts.map((part, i) => (i % 2 === 0 ? part : createElement(Fragment, { key: i }, values[part] ?? `{${part}}`))),
  );
}
