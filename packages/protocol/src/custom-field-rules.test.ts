import { describe, expect, it } from 'vitest';
import {
  checkFieldValue,
  definitionProblem,
  fieldFiltersOf,
  fieldValueMatches,
  formatFieldValue,
  isCalendarDate,
  missingRequiredFields,
  parseFieldFilter,
  parseFieldText,
} from './custom-field-rules.js';
import { ZCreateCustomFieldRequest, ZListConversationsQuery } from './index.js';

const choice = { type: 'single_choice', options: ['Bug', 'Billing'] } as const;
const multi = { type: 'multiple_choice', options: ['Web', 'App'] } as const;

describe('checkFieldValue: the one rule for a value', () => {
  it('accepts each type’s values and normalizes text; null and empties clear', () => {
    expect(checkFieldValue({ type: 'text', options: [] }, '  hi ')).toEqual({ ok: true, value: 'hi' });
    expect(checkFieldValue({ type: 'text', options: [] }, '   ')).toEqual({ ok: true, value: null });
    expect(checkFieldValue({ type: 'number', options: [] }, -2.5)).toEqual({ ok: true, value: -2.5 });
    expect(checkFieldValue({ type: 'date', options: [] }, '2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(checkFieldValue(choice, 'Bug')).toEqual({ ok: true, value: 'Bug' });
    expect(checkFieldValue(multi, ['App'])).toEqual({ ok: true, value: ['App'] });
    expect(checkFieldValue(multi, [])).toEqual({ ok: true, value: null });
    expect(checkFieldValue({ type: 'checkbox', options: [] }, false)).toEqual({ ok: true, value: false });
    expect(checkFieldValue(choice, null)).toEqual({ ok: true, value: null });
  });

  it('refuses values of another type or outside the field', () => {
    const bad: [Parameters<typeof checkFieldValue>[0], unknown][] = [
      [{ type: 'text', options: [] }, 1],
      [{ type: 'text', options: [] }, 'x'.repeat(1001)],
      [{ type: 'text', options: [] }, 'a\u0000'],
      [{ type: 'text', options: [] }, '\uD800'],
      [{ type: 'number', options: [] }, Number.NaN],
      [{ type: 'number', options: [] }, Number.POSITIVE_INFINITY],
      [{ type: 'number', options: [] }, 2e15],
      [{ type: 'number', options: [] }, '3'],
      [{ type: 'date', options: [] }, '2023-02-29'],
      [{ type: 'date', options: [] }, '2023-2-1'],
      [choice, 'bug'],
      [choice, ['Bug']],
      [multi, ['Web', 'Web']],
      [multi, ['Desk']],
      [multi, 'Web'],
      [{ type: 'checkbox', options: [] }, 'true'],
    ];
    for (const [field, value] of bad) expect(checkFieldValue(field, value).ok, JSON.stringify(value)).toBe(false);
    expect(isCalendarDate('2026-12-31')).toBe(true);
  });
});

describe('parseFieldText: the CSV import reads what formatFieldValue wrote', () => {
  it('reads each type back from its text, and refuses what the field could not hold', () => {
    const multi = { type: 'multiple_choice' as const, options: ['Web', 'App'] };
    const box = { type: 'checkbox' as const, options: [] };
    const number = { type: 'number' as const, options: [] };
    for (const [field, value] of [
      [multi, ['App', 'Web']],
      [box, true],
      [box, false],
      [number, 12.5],
      [{ type: 'date' as const, options: [] }, '2026-01-31'],
      [{ type: 'single_choice' as const, options: ['Gold'] }, 'Gold'],
      [{ type: 'text' as const, options: [] }, 'ACME'],
    ] as const)
      expect(parseFieldText(field, formatFieldValue(value as never))).toEqual({ ok: true, value });
    expect(parseFieldText(box, ' TRUE ')).toEqual({ ok: true, value: true });
    expect(parseFieldText(number, '  ')).toEqual({ ok: true, value: null });
    expect(parseFieldText(number, 'twelve').ok).toBe(false);
    expect(parseFieldText(box, 'maybe').ok).toBe(false);
    expect(parseFieldText(multi, 'Web, Desktop').ok).toBe(false);
  });
});

describe('required on resolve', () => {
  it('lists the required fields left empty; an unticked box is empty', () => {
    const fields = [
      { key: 'a', label: 'A', type: 'text', options: [], requiredOnResolve: true },
      { key: 'b', label: 'B', type: 'checkbox', options: [], requiredOnResolve: true },
      { key: 'c', label: 'C', type: 'text', options: [], requiredOnResolve: false },
    ] as const;
    expect(missingRequiredFields(fields, {}).map((f) => f.key)).toEqual(['a', 'b']);
    expect(missingRequiredFields(fields, { a: 'x', b: false }).map((f) => f.key)).toEqual(['b']);
    expect(missingRequiredFields(fields, { a: 'x', b: true })).toEqual([]);
  });
});

describe('definitions', () => {
  it('choices need distinct options, others none; only conversation fields are required on resolve', () => {
    const d = { entity: 'conversation', type: 'text', options: [], requiredOnResolve: false } as const;
    expect(definitionProblem(d)).toBeNull();
    expect(definitionProblem({ ...d, type: 'single_choice' })?.path).toBe('options');
    expect(definitionProblem({ ...d, options: ['a'] })?.path).toBe('options');
    expect(definitionProblem({ ...d, type: 'multiple_choice', options: ['a', 'a'] })?.path).toBe('options');
    expect(definitionProblem({ ...d, entity: 'contact', requiredOnResolve: true })?.path).toBe('requiredOnResolve');
    const parsed = ZCreateCustomFieldRequest.safeParse({ entity: 'contact', key: 'x', label: 'X', type: 'checkbox' });
    expect(parsed.success).toBe(true);
    expect(
      ZCreateCustomFieldRequest.safeParse({ entity: 'contact', key: '9x', label: 'X', type: 'text' }).success,
    ).toBe(false);
  });
});

describe('filters', () => {
  it('reads field.<key> from a query, parses by type, and matches like the server’s containment', () => {
    expect(fieldFiltersOf({ view: 'all', 'field.a': 'x', 'field.b': ['1', '2'] })).toEqual([
      ['a', 'x'],
      ['b', '2'],
    ]);
    expect(parseFieldFilter({ type: 'number', options: [] }, '12')).toEqual({ ok: true, value: 12 });
    expect(parseFieldFilter({ type: 'number', options: [] }, '').ok).toBe(false);
    expect(parseFieldFilter({ type: 'checkbox', options: [] }, 'false')).toEqual({ ok: true, value: false });
    expect(parseFieldFilter(multi, 'Web')).toEqual({ ok: true, value: ['Web'] });
    expect(parseFieldFilter(multi, 'Desk').ok).toBe(false);
    expect(parseFieldFilter({ type: 'text', options: [] }, ' ').ok).toBe(false);
    expect(fieldValueMatches(['Web', 'App'], ['Web'])).toBe(true);
    expect(fieldValueMatches(['App'], ['Web'])).toBe(false);
    expect(fieldValueMatches(12, 12)).toBe(true);
    expect(fieldValueMatches(undefined, false)).toBe(false);
    expect(formatFieldValue(['a', 'b'])).toBe('a, b');
    expect(formatFieldValue(true)).toBe('Yes');
  });

  it('the list query takes field.<key> parameters and refuses other unknown ones', () => {
    expect(ZListConversationsQuery.safeParse({ 'field.order_no': '12' }).success).toBe(true);
    expect(ZListConversationsQuery.safeParse({ 'field.Order': '12' }).success).toBe(false);
    expect(ZListConversationsQuery.safeParse({ other: '12' }).success).toBe(false);
  });
});
