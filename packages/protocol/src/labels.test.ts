import { describe, expect, it } from 'vitest';
import { visitorDisplayName } from './labels.js';

describe('visitorDisplayName', () => {
  const anonymous = { name: null, email: null };
  it('erased, else the name, else the email, else "Visitor #n", else "Visitor"', () => {
    expect(visitorDisplayName({ ...anonymous, isErased: true }, 3)).toBe('Erased visitor');
    expect(visitorDisplayName({ name: 'Zoé', email: 'z@example.com' }, 3)).toBe('Zoé');
    expect(visitorDisplayName({ name: null, email: 'z@example.com' }, 3)).toBe('z@example.com');
    expect(visitorDisplayName(anonymous, 3)).toBe('Visitor #3');
    expect(visitorDisplayName(anonymous)).toBe('Visitor');
  });

  it("in another language, with that language's words", () => {
    const words = { erased: 'Visiteur effacé', visitor: 'Visiteur', numbered: 'Visiteur n° {number}' };
    expect(visitorDisplayName(anonymous, 12, words)).toBe('Visiteur n° 12');
    expect(visitorDisplayName(anonymous, undefined, words)).toBe('Visiteur');
    expect(visitorDisplayName({ ...anonymous, isErased: true }, 12, words)).toBe('Visiteur effacé');
    expect(visitorDisplayName({ name: 'Zoé', email: null }, 12, words)).toBe('Zoé');
  });
});
