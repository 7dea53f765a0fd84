import { checkFieldValue, missingRequiredFields, type TCustomFieldValues } from '@oceras/protocol';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { type CustomFieldRow, listFields } from './custom-field.repo.js';

/** A checked write: values to set, and keys to clear. */
export interface FieldPatch {
  set: TCustomFieldValues;
  clear: string[];
}

/**
 * A write of values checked against the fields, each by the protocol's one rule (`checkFieldValue`): null, an empty
 * text or list clears. An unknown key or a bad value answers 400 naming `values.<key>`, every problem at once, and
 * nothing is written.
 */
export function checkFieldPatch(fields: CustomFieldRow[], patch: Record<string, unknown>): FieldPatch {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const problems: { path: string; message: string }[] = [];
  const out: FieldPatch = { set: {}, clear: [] };
  for (const [key, value] of Object.entries(patch)) {
    const field = byKey.get(key);
    if (!field) {
      problems.push({ path: `values.${key}`, message: 'no such field' });
      continue;
    }
    const checked = checkFieldValue(field, value);
    if (!checked.ok) problems.push({ path: `values.${key}`, message: `${field.label} ${checked.message}` });
    else if (checked.value === null) out.clear.push(key);
    else out.set[key] = checked.value;
  }
  if (problems.length > 0)
    throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  return out;
}

/** The values after a checked write. */
export function applyFieldPatch(current: TCustomFieldValues, patch: FieldPatch): TCustomFieldValues {
  const next = { ...current, ...patch.set };
  for (const key of patch.clear) delete next[key];
  return next;
}

/**
 * An agent may not resolve a conversation whose required-on-resolve fields are empty: 409 REQUIRED_FIELDS_MISSING
 * naming each field (its label in the message, `customFields.<key>` in `details`).
 */
export async function assertRequiredFieldsFilled(db: DbOrTx, organizationId: string, values: TCustomFieldValues) {
  const missing = missingRequiredFields(await listFields(db, organizationId, 'conversation'), values);
  if (missing.length === 0) return;
  throw new AppError(
    'REQUIRED_FIELDS_MISSING',
    `fill ${missing.map((f) => `"${f.label}"`).join(', ')} before resolving`,
    missing.map((f) => ({ path: `customFields.${f.key}`, message: `${f.label} is required to resolve` })),
  );
}
