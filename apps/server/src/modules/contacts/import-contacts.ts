import {
  ATTRIBUTE_KEY_PATTERN,
  CONTACT_LIMITS,
  csvValue,
  FIELD_FILTER_PREFIX,
  LIMITS,
  mergeAttributes,
  parseCsv,
  parseFieldText,
  type TCustomAttributes,
  type TCustomFieldValues,
  type TImportVisitorsResult,
  ZCompany,
  ZCustomAttributes,
  ZEmail,
  ZNonEmptyText,
  ZPhone,
} from '@oceras/protocol';

import type { z } from 'zod';
import { inTransaction } from '../../db/transaction.js';
import { AppError, forbidden } from '../../lib/errors.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import { lockFieldsForWrite } from '../custom-fields/custom-field.repo.js';
import { canImportContacts } from './contact.policy.js';
import { insertContact, updateContact, type VisitorRow, visitorsByEmail } from './contact.repo.js';
import { contactChanges, lockForContactEvent, recordContactEvent } from './contact-events.js';

const LABELS = { name: ZNonEmptyText(LIMITS.nameMax), phone: ZPhone, company: ZCompany } as const;
type Label = keyof typeof LABELS;
/** Columns of the CSV export that are not imported: what Oceras sets itself. `custom_attributes` is read as JSON. */
const READ_ONLY = new Set(['id', 'user_id', 'time_zone', 'locale', 'first_seen_at', 'last_seen_at', 'conversations']);

type Field = Awaited<ReturnType<typeof lockFieldsForWrite>>[number];
type Column =
  | { kind: 'email' }
  | { kind: 'label'; key: Label }
  | { kind: 'attribute'; key: string }
  | { kind: 'json' }
  | { kind: 'field'; field: Field };
type Row = {
  email: string;
  labels: Partial<Record<Label, string>>;
  attributes: TCustomAttributes;
  fields: TCustomFieldValues;
};

/**
 * What each header means; a header that is none of them refuses the whole file (it is a mistake, not a row's), and
 * so does a `field.<key>` column (the export's) that names none of the organization's contact fields.
 */
function columnsOf(header: string[], fields: readonly Field[]): (Column | null)[] {
  const seen = new Set<string>();
  const columns = header.map((raw, i): Column | null => {
    const h = raw.trim();
    const lower = h.toLowerCase();
    if (seen.has(lower)) throw badFile(`column ${i + 1}: "${h}" appears twice`);
    seen.add(lower);
    if (lower === 'email') return { kind: 'email' };
    if (lower === 'name' || lower === 'phone' || lower === 'company') return { kind: 'label', key: lower };
    if (lower === 'custom_attributes') return { kind: 'json' };
    if (h.startsWith(FIELD_FILTER_PREFIX)) {
      const key = h.slice(FIELD_FILTER_PREFIX.length);
      const field = fields.find((f) => f.key === key);
      if (!field) throw badFile(`column ${i + 1}: no contact field has the key "${key.slice(0, 40)}"`);
      return { kind: 'field', field };
    }
    if (READ_ONLY.has(lower) || h === '') return null;
    if (!ATTRIBUTE_KEY_PATTERN.test(h))
      throw badFile(`column ${i + 1}: "${h.slice(0, 40)}" is neither a contact field nor a custom attribute key`);
    return { kind: 'attribute', key: h };
  });
  if (!columns.some((c) => c?.kind === 'email')) throw badFile('the header names no "email" column: it is the key');
  return columns;
}

const badFile = (message: string) => new AppError('VALIDATION_FAILED', message, [{ path: 'csv', message }]);
const firstIssue = (e: z.ZodError) => e.issues[0]?.message ?? 'invalid';

/** One data row read by the columns, or the reason it is refused. */
function readRow(columns: (Column | null)[], cells: string[]): Row | string {
  if (cells.length > columns.length) return `${cells.length} cells for ${columns.length} columns`;
  const row: Row = { email: '', labels: {}, attributes: {}, fields: {} };
  for (const [i, column] of columns.entries()) {
    const value = csvValue(cells[i] ?? '').trim();
    if (!column || value === '') continue;
    if (column.kind === 'email') {
      const email = ZEmail.safeParse(value);
      if (!email.success) return `email: ${firstIssue(email.error)}`;
      row.email = email.data;
    } else if (column.kind === 'label') {
      const parsed = LABELS[column.key].safeParse(value);
      if (!parsed.success) return `${column.key}: ${firstIssue(parsed.error)}`;
      row.labels[column.key] = parsed.data;
    } else if (column.kind === 'field') {
      const parsed = parseFieldText(column.field, value);
      if (!parsed.ok) return `${FIELD_FILTER_PREFIX}${column.field.key}: ${parsed.message}`;
      if (parsed.value !== null) row.fields[column.field.key] = parsed.value;
    } else if (column.kind === 'attribute') row.attributes[column.key] = value;
    else {
      let json: unknown;
      try {
        json = JSON.parse(value);
      } catch {
        return 'custom_attributes: not JSON';
      }
      const parsed = ZCustomAttributes.safeParse(json);
      if (!parsed.success) return `custom_attributes: ${firstIssue(parsed.error)}`;
      row.attributes = { ...parsed.data, ...row.attributes };
    }
  }
  if (!row.email) return 'email: missing (it is the key)';
  return row;
}

/**
 * The CSV import (managers and admins). Upsert by email (case-insensitive, among contacts not erased): an existing
 * contact's fields are set by the row's non-empty cells (an empty cell changes nothing), custom attributes merged;
 * else a contact is created. Each row stands alone: a row that does not validate is reported with its line and
 * skipped, the others are imported (a 5,000-row file with one typo should not have to be sent again whole; sending
 * the corrected file again changes nothing more, as the upsert is by email). A malformed file (no email column, an
 * unknown header, too many rows) is refused whole, before anything is written. Contact field columns
 * (`field.<key>`, as the export writes them) set those values, each checked by the field's rule (`parseFieldText`,
 * `checkFieldValue`): a bad value refuses its row. All rows are written in one transaction, audited as
 * `visitors.imported` with the counts.
 */
export async function importContacts(
  services: Services,
  actor: AgentPrincipal,
  csv: string,
): Promise<TImportVisitorsResult> {
  if (!canImportContacts(actor)) throw forbidden('importing contacts is for managers and admins');
  const [header, ...data] = parseCsv(csv);
  if (!header) throw badFile('the file is empty');
  if (data.length > CONTACT_LIMITS.importRowsMax)
    throw badFile(`at most ${CONTACT_LIMITS.importRowsMax} rows per file (this one has ${data.length})`);
  const { organizationId } = actor;
  const errors: TImportVisitorsResult['errors'] = [];
  const counts = await inTransaction(services, async (tx, uow) => {
    errors.length = 0;
    // The contact fields, shared-locked (none is deleted while its values are written), then the organization before
    // the visitors' rows: the lock order of set-field-values.ts and of the contact events (contact-events.ts).
    const fields = await lockFieldsForWrite(tx, organizationId, 'contact');
    const columns = columnsOf(header.cells, fields);
    const rows: (Row & { line: number })[] = [];
    for (const { line, cells } of data) {
      const row = readRow(columns, cells);
      if (typeof row === 'string') errors.push({ line, message: row });
      else rows.push({ ...row, line });
    }
    await lockForContactEvent(tx, organizationId);
    const existing = await visitorsByEmail(tx, organizationId, [...new Set(rows.map((r) => r.email))]);
    let created = 0;
    let updated = 0;
    for (const row of rows) {
      const current: VisitorRow | undefined = existing.get(row.email);
      const attributes = ZCustomAttributes.safeParse(
        mergeAttributes((current?.customAttributes ?? {}) as TCustomAttributes, row.attributes),
      );
      if (!attributes.success) {
        errors.push({ line: row.line, message: `custom attributes: ${firstIssue(attributes.error)}` });
        continue;
      }
      const values = {
        ...row.labels,
        customAttributes: attributes.data,
        ...(Object.keys(row.fields).length > 0 && { customFields: { ...current?.customFields, ...row.fields } }),
      };
      if (current) {
        const after = { ...current, ...values };
        await updateContact(tx, organizationId, current.id, values);
        await recordContactEvent(tx, uow, {
          type: 'contact.updated',
          row: after,
          changes: contactChanges(current, after),
        });
        existing.set(row.email, after);
        updated++;
      } else {
        const inserted = await insertContact(tx, organizationId, { email: row.email, ...values });
        await recordContactEvent(tx, uow, { type: 'contact.created', row: inserted });
        existing.set(row.email, inserted);
        created++;
      }
    }
    await recordAudit(
      tx,
      actor,
      'visitors.imported',
      { type: 'organization', id: organizationId },
      { created, updated, errors: errors.length },
    );
    return { created, updated };
  });
  errors.sort((a, b) => a.line - b.line);
  return { ...counts, errorCount: errors.length, errors: errors.slice(0, CONTACT_LIMITS.importErrorsMax) };
}
