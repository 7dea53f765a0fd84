/**
 * Custom fields' rules without zod (`@oceras/protocol/custom-field-rules`): what a value of each type may be, when a
 * field counts as filled, which required fields a resolution lacks, how a list filter's text becomes a value. The
 * server checks every write with `checkFieldValue`; the dashboard and the mobile app check their forms with it too,
 * so the two cannot disagree. `custom-fields.ts` builds the request schemas on the same limits.
 */
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'single_choice', 'multiple_choice', 'checkbox'] as const;
export type TCustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
/** What a field describes: a conversation, or a contact (a visitor). */
export const CUSTOM_FIELD_ENTITIES = ['conversation', 'contact'] as const;
export type TCustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];

export const CUSTOM_FIELD_LIMITS = {
  keyMax: 40,
  labelMax: 80,
  optionsMax: 50,
  optionMax: 80,
  textMax: 1_000,
  /** Definitions per organization and entity. */
  fieldsMax: 100,
  /** Numbers are kept exactly up to here (below 2^53). */
  numberAbsMax: 1e15,
} as const;

/** A key: lowercase letters, digits and `_`, starting with a letter. It never changes once the field exists. */
export const CUSTOM_FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]*$/;
/** The list query's filter: `field.<key>=<value>` (see `fieldFiltersOf`). */
export const FIELD_FILTER_PREFIX = 'field.';

/** A stored value: text, number and date (`YYYY-MM-DD`) as given, a choice's option, several options, a box. */
export type TCustomFieldValue = string | number | boolean | string[];
export type TCustomFieldValues = Record<string, TCustomFieldValue>;

export interface FieldShape {
  key: string;
  label: string;
  type: TCustomFieldType;
  options: readonly string[];
  requiredOnResolve: boolean;
}

export type FieldCheck = { ok: true; value: TCustomFieldValue | null } | { ok: false; message: string };

const cleanText = (s: string) => !s.includes('\u0000') && s.isWellFormed();
const isChoice = (t: TCustomFieldType) => t === 'single_choice' || t === 'multiple_choice';
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date that exists (no 2025-02-30). */
export function isCalendarDate(s: string) {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

const fail = (message: string): FieldCheck => ({ ok: false, message });

/**
 * THE rule for a value written to a field: null (or an empty text, an empty list) clears it; otherwise the value
 * must be of the field's type: a text of at most `textMax` characters (trimmed), a finite number within
 * `numberAbsMax`, a date `YYYY-MM-DD` that exists, one of the options, several distinct options, true or false.
 */
export function checkFieldValue(field: Pick<FieldShape, 'type' | 'options'>, value: unknown): FieldCheck {
  if (value === null || value === undefined) return { ok: true, value: null };
  switch (field.type) {
    case 'text': {
      if (typeof value !== 'string') return fail('must be text');
      const text = value.trim();
      if (!cleanText(text)) return fail('must be valid text (no NUL or broken Unicode)');
      if (text.length > CUSTOM_FIELD_LIMITS.textMax) return fail(`at most ${CUSTOM_FIELD_LIMITS.textMax} characters`);
      return { ok: true, value: text === '' ? null : text };
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('must be a number');
      if (Math.abs(value) > CUSTOM_FIELD_LIMITS.numberAbsMax) return fail('is too large');
      return { ok: true, value };
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value)) return fail('must be a date (YYYY-MM-DD)');
      return { ok: true, value };
    case 'single_choice':
      if (typeof value !== 'string' || !field.options.includes(value)) return fail('must be one of the options');
      return { ok: true, value };
    case 'multiple_choice': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !field.options.includes(v)))
        return fail('must be a list of the options');
      if (new Set(value).size !== value.length) return fail('must name each option once');
      return { ok: true, value: value.length === 0 ? null : (value as string[]) };
    }
    case 'checkbox':
      if (typeof value !== 'boolean') return fail('must be true or false');
      return { ok: true, value };
  }
}

/** Filled: any value, except a checkbox, which is filled only when checked (a required box must be ticked). */
export const isFieldFilled = (field: Pick<FieldShape, 'type'>, value: TCustomFieldValue | null | undefined) =>
  field.type === 'checkbox' ? value === true : value !== null && value !== undefined;

/** The required-on-resolve fields that `values` leaves empty, in the fields' order. */
export function missingRequiredFields<F extends FieldShape>(fields: readonly F[], values: TCustomFieldValues): F[] {
  return fields.filter((f) => f.requiredOnResolve && !isFieldFilled(f, values[f.key]));
}

/**
 * What is wrong with a definition, or null: a choice needs options (distinct, non-empty), other types none;
 * required-on-resolve is for conversation fields (contacts are never resolved).
 */
export function definitionProblem(d: {
  entity: TCustomFieldEntity;
  type: TCustomFieldType;
  options: readonly string[];
  requiredOnResolve: boolean;
}): { path: string; message: string } | null {
  if (isChoice(d.type) && d.options.length === 0) return { path: 'options', message: 'a choice needs options' };
  if (!isChoice(d.type) && d.options.length > 0) return { path: 'options', message: 'only choices have options' };
  if (new Set(d.options).size !== d.options.length) return { path: 'options', message: 'each option once' };
  if (d.requiredOnResolve && d.entity !== 'conversation')
    return { path: 'requiredOnResolve', message: 'only conversation fields can be required to resolve' };
  return null;
}

/**
 * A list filter's text as a value to look for: a number, `true`/`false` for a box, one option for a multiple choice
 * (a conversation matches when it has that option among others), the value itself otherwise. Checked by
 * `checkFieldValue`, so a filter can only name a value the field could hold.
 */
export function parseFieldFilter(field: Pick<FieldShape, 'type' | 'options'>, raw: string): FieldCheck {
  switch (field.type) {
    case 'number':
      return raw.trim() === '' ? fail('must be a number') : checkFieldValue(field, Number(raw));
    case 'checkbox':
      return raw === 'true' || raw === 'false' ? { ok: true, value: raw === 'true' } : fail('must be true or false');
    case 'multiple_choice': {
      const one = checkFieldValue({ type: 'single_choice', options: field.options }, raw);
      return one.ok ? { ok: true, value: [raw] } : one;
    }
    default: {
      const checked = checkFieldValue(field, raw);
      return checked.ok && checked.value === null ? fail('must not be empty') : checked;
    }
  }
}

/** The `field.<key>` entries of a query, as [key, text] pairs (a repeated key keeps its last value). */
export function fieldFiltersOf(query: Record<string, unknown>): [string, string][] {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(query)) {
    if (!name.startsWith(FIELD_FILTER_PREFIX)) continue;
    const v = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof v === 'string') out.set(name.slice(FIELD_FILTER_PREFIX.length), v);
  }
  return [...out];
}

/**
 * A value written as text, as `formatFieldValue` writes it (the contacts CSV): a number, `Yes`/`No` (or
 * `true`/`false`) for a box, options separated by commas for a multiple choice, the text itself otherwise; then
 * checked by `checkFieldValue`, so the import accepts exactly what the field could hold. Empty text is no value.
 */
export function parseFieldText(field: Pick<FieldShape, 'type' | 'options'>, raw: string): FieldCheck {
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  switch (field.type) {
    case 'number':
      return checkFieldValue(field, Number(text));
    case 'checkbox': {
      const lower = text.toLowerCase();
      if (lower === 'yes' || lower === 'true') return { ok: true, value: true };
      if (lower === 'no' || lower === 'false') return { ok: true, value: false };
      return fail('must be Yes or No');
    }
    case 'multiple_choice':
      return checkFieldValue(
        field,
        text.split(',').map((o) => o.trim()),
      );
    default:
      return checkFieldValue(field, text);
  }
}

/** A filter that cannot be applied: its field is gone, or its text is no value the field could hold now. */
export interface FieldFilterProblem {
  key: string;
  /** Why, for the apps to say in the reader's words: the field is gone, or the value is none it can hold now. */
  code: TFieldFilterProblemCode;
  /** The same in English (older clients show it). */
  message: string;
}

export const FIELD_FILTER_PROBLEM_CODES = ['field_missing', 'value_invalid'] as const;
export type TFieldFilterProblemCode = (typeof FIELD_FILTER_PROBLEM_CODES)[number];

/**
 * THE reading of a set of `field.<key>` filters against the organization's conversation fields: the values to look
 * for (`parseFieldFilter`), and the filters that name no field or a value the field cannot hold. The list query
 * refuses a request with problems (400); a saved view, which outlives the fields it names, drops them and says so.
 */
export function resolveFieldFilters(
  fields: readonly Pick<FieldShape, 'key' | 'type' | 'options'>[],
  filters: Iterable<[string, string]>,
): { values: TCustomFieldValues; problems: FieldFilterProblem[] } {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const values: TCustomFieldValues = {};
  const problems: FieldFilterProblem[] = [];
  for (const [key, raw] of filters) {
    const field = byKey.get(key);
    const parsed = field ? parseFieldFilter(field, raw) : fail('no such conversation field');
    const code = field ? 'value_invalid' : 'field_missing';
    if (parsed.ok && parsed.value !== null) values[key] = parsed.value;
    else problems.push({ key, code, message: parsed.ok ? 'must not be empty' : parsed.message });
  }
  return { values, problems };
}

/** A value as a line of text for display and CSV: options joined by ", ", a box as Yes/No. */
export function formatFieldValue(value: TCustomFieldValue | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

/**
 * Whether a stored value matches a filter's parsed value (`parseFieldFilter`): equal, or for a multiple choice,
 * holding the filter's option. The server's SQL is jsonb containment (`custom_fields @> {key: value}`), which is the
 * same definition; the inbox's `matches` uses this one.
 */
export function fieldValueMatches(stored: TCustomFieldValue | undefined, wanted: TCustomFieldValue) {
  if (stored === undefined) return false;
  if (Array.isArray(wanted)) return Array.isArray(stored) && wanted.every((w) => stored.includes(w));
  return stored === wanted;
}
