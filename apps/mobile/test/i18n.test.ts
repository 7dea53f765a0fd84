import { ApiError } from '@oceras/protocol/client';
import { LANGUAGES } from '@oceras/protocol/languages';
import { catalogStrings, placeholdersOf } from '@oceras/protocol/text-format';
import { errorMessage } from '@/lib/errors';
import { timeAgo } from '@/lib/format';
import { applyLanguage, CATALOGS, currentLanguage, deviceLanguage, plural } from '@/lib/i18n/i18n';

describe("the app's languages", () => {
  it('are the languages of all of Oceras, each with a catalog', () => {
    expect(Object.keys(CATALOGS).sort()).toEqual([...LANGUAGES].sort());
  });

  const english = catalogStrings(CATALOGS.en);
  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every string of English, with the same placeholders', (lang) => {
    const strings = catalogStrings(CATALOGS[lang]);
    // Missing strings fail the type check already (each catalog is typed by en.ts); this catches one typed loosely,
    // an extra one, and placeholders, which the types cannot see.
    expect([...strings.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [path, text] of strings) {
      expect(text.trim()).not.toBe('');
      expect({ path, placeholders: placeholdersOf(text) }).toEqual({
        path,
        placeholders: placeholdersOf(english.get(path)!),
      });
    }
  });

  it('are translated, not English copies', () => {
    for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
      const strings = catalogStrings(CATALOGS[lang]);
      const same = [...english].filter(([path, text]) => strings.get(path) === text && /[a-z]{4}/.test(text));
      // A few words are the same in both (Conversation, Notifications, Status, Team, Online…): not most of them.
      expect(same.length / english.size).toBeLessThan(0.05);
    }
  });
});

describe('the language in use', () => {
  it("is the device's without a choice (English here), else the agent's", () => {
    expect(deviceLanguage()).toBe('en');
    applyLanguage('de');
    expect(currentLanguage()).toBe('de');
    expect(plural({ one: '{count} Gespräch', other: '{count} Gespräche' }, 1200)).toBe('1.200 Gespräche');
    expect(timeAgo(new Date(Date.now() - 5 * 60_000).toISOString())).toBe('5 Min.');
    applyLanguage(null);
    expect(currentLanguage()).toBe('en');
  });

  it("says errors by their code in another language, the server's sentence in English", () => {
    const err = new ApiError(403, 'FORBIDDEN', 'shared views are managed by managers and admins');
    expect(errorMessage(err)).toBe('Shared views are managed by managers and admins');
    applyLanguage('fr');
    expect(errorMessage(err)).toBe('Vous n’avez pas le droit de faire cela.');
    expect(errorMessage(new TypeError('Network request failed'))).toMatch(/^Impossible de joindre le serveur/);
    applyLanguage('es');
    expect(errorMessage(err)).toBe('No tienes permiso para hacer esto.');
  });
});
