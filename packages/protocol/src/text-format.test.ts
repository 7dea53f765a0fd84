import { describe, expect, it } from 'vitest';
import { catalogStrings, fill, placeholdersOf, pluralForm } from './text-format.js';

describe('text-format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('Enter the {digits}-digit code', { digits: 6 })).toBe('Enter the 6-digit code');
    expect(fill('{a} and {b}', { a: 'x' })).toBe('x and {b}');
    expect(fill('{a}{a}', { a: 0 })).toBe('00');
  });

  it('names the placeholders fill reads, and every string of a catalog by its path', () => {
    expect(placeholdersOf('{to} took it from {by}, {by}')).toEqual(['by', 'by', 'to']);
    expect(placeholdersOf('no placeholder, {not one}')).toEqual([]);
    expect(catalogStrings({ a: 'x', b: { c: 'y {n}', d: { e: 'z' } } })).toEqual(
      new Map([
        ['a', 'x'],
        ['b.c', 'y {n}'],
        ['b.d.e', 'z'],
      ]),
    );
  });

  it("chooses the plural form by the language's rules", () => {
    const forms = { one: '{count} conversation', other: '{count} conversations' };
    expect(pluralForm('en', forms, 1)).toBe('1 conversation');
    expect(pluralForm('en', forms, 0)).toBe('0 conversations');
    // French counts zero as singular, English and German do not.
    expect(pluralForm('fr', forms, 0)).toBe('0 conversation');
    expect(pluralForm('de', forms, 0)).toBe('0 conversations');
    expect(pluralForm('es', forms, 2)).toBe('2 conversations');
  });

  it('writes the count as the locale does', () => {
    const forms = { one: '{count} item', other: '{count} items' };
    expect(pluralForm('en', forms, 1234)).toBe('1,234 items');
    expect(pluralForm('de', forms, 1234)).toBe('1.234 items');
    expect(pluralForm('en', forms, 1234, 'de-DE')).toBe('1.234 items');
  });
});
