import { LANGUAGES } from '@oceras/protocol/languages';
import { catalogStrings, placeholdersOf } from '@oceras/protocol/text-format';
import { describe, expect, it } from 'vitest';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { fill } from './i18n';

const catalogs = { en, fr, de, es };

describe("the dashboard's languages", () => {
  it('are the languages of all of Oceras, each with a catalog', () => {
    expect(Object.keys(catalogs).sort()).toEqual([...LANGUAGES].sort());
  });

  const english = catalogStrings(en);
  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every string of English, with the same placeholders', (lang) => {
    const strings = catalogStrings(catalogs[lang]);
    // Missing or extra strings fail the type check already (each catalog is typed by en.ts); this catches a
    // catalog typed loosely by mistake, and placeholders, which the types cannot see.
    expect([...strings.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [path, text] of strings) {
      expect(text.trim(), `${lang} ${path}`).not.toBe('');
      expect(placeholdersOf(text), `${lang} ${path}`).toEqual(placeholdersOf(english.get(path)!));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('Enter the {digits}-digit code', { digits: 6 })).toBe('Enter the 6-digit code');
    expect(fill('{a} and {b}', { a: 'x' })).toBe('x and {b}');
  });
});
