/**
 * How the apps fill their translated strings, one rule for the dashboard and the mobile app. Zod-free (the clients
 * import it: `@oceras/protocol/text-format`).
 */

/** A placeholder in a translated string: `{name}`. */
const PLACEHOLDER = /\{(\w+)\}/g;

/** A string with its `{name}` placeholders filled; an unknown one stays visible (`{name}`). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The names of a string's placeholders, sorted: a translation must have its English string's (catalog tests). */
export const placeholdersOf = (template: string): string[] =>
  [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).sort();

/** Every string of a catalog by its dotted path (`inbox.views.mine`), for the apps' catalog tests. */
export function catalogStrings(catalog: unknown, at = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof catalog === 'string') out.set(at, catalog);
  else if (catalog && typeof catalog === 'object')
    for (const [key, inner] of Object.entries(catalog))
      for (const entry of catalogStrings(inner, at ? `${at}.${key}` : key)) out.set(...entry);
  return out;
}

/** A string in its plural forms: `one` for the languages' singular ("1 conversation"), `other` for the rest. */
export interface PluralForms {
  one: string;
  other: string;
}

/**
 * The form for `count` by the language's rules (`Intl.PluralRules`: French says "0 conversation", English "0
 * conversations"), its `{count}` filled with the number as `locale` writes it (the language's own by default).
 */
export function pluralForm(language: string, forms: PluralForms, count: number, locale: string = language): string {
  const rule = new Intl.PluralRules(language).select(count);
  return fill(rule === 'one' ? forms.one : forms.other, { count: count.toLocaleString(locale) });
}
