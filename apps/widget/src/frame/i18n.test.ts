import { describe, expect, it } from 'vitest';
import { format, LANGUAGES, loadStrings, pickLocale } from './i18n.js';

describe('pickLocale', () => {
  it('takes the first language we have, by its base tag', () => {
    expect(pickLocale(['fr-CA', 'en'])).toBe('fr');
    expect(pickLocale(['de_AT'])).toBe('de');
    expect(pickLocale(['ja', 'es-MX', 'fr'])).toBe('es');
    expect(pickLocale(['ES'])).toBe('es');
  });
  it('falls back to English', () => {
    expect(pickLocale(['ja', 'zh-Hans'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });
  it('has every string in every language, with the same placeholders', async () => {
    const en = await loadStrings('en');
    const keys = Object.keys(en).sort();
    expect(LANGUAGES).toEqual(['en', 'fr', 'de', 'es']);
    for (const lang of LANGUAGES) {
      const strings = await loadStrings(lang);
      if (lang !== 'en') expect(strings, lang).not.toBe(en);
      expect(Object.keys(strings).sort(), lang).toEqual(keys);
      for (const key of keys) {
        const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        expect(holes(strings[key as keyof typeof strings]), `${lang}.${key}`).toEqual(
          holes(en[key as keyof typeof strings]),
        );
      }
    }
  });
  it('formats placeholders and leaves unknown ones', () => {
    expect(format('{name} is typing…', { name: 'Ana' })).toBe('Ana is typing…');
    expect(format('{x}', {})).toBe('{x}');
  });
});
