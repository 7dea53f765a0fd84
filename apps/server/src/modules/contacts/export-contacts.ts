import { CSV_BOM, csvLine, FIELD_FILTER_PREFIX, formatFieldValue } from '@oceras/protocol';
import { inTransaction } from '../../db/transaction.js';
import { forbidden } from '../../lib/errors.js';
import { CsvDownload, paged } from '../../lib/json-stream.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import { listFields } from '../custom-fields/custom-field.repo.js';
import { canExportContacts } from './contact.policy.js';
import { contactsPage, type VisitorRow } from './contact.repo.js';

/** The export's columns; the import reads the same file back (read-only ones skipped, custom_attributes as JSON). */
const HEADER = [
  'id',
  'email',
  'name',
  'phone',
  'company',
  'user_id',
  'time_zone',
  'locale',
  'first_seen_at',
  'last_seen_at',
  'custom_attributes',
];

/** One row; then a column per contact custom field (`field.<key>`), its value as text (options joined by ", "). */
const lineOf = (v: VisitorRow, fieldKeys: string[]) =>
  csvLine([
    v.id,
    v.email,
    v.name,
    v.phone,
    v.company,
    v.externalUserId,
    v.timeZone,
    v.locale,
    v.firstSeenAt.toISOString(),
    v.lastSeenAt.toISOString(),
    Object.keys(v.customAttributes as object).length > 0 ? JSON.stringify(v.customAttributes) : '',
    ...fieldKeys.map((key) => formatFieldValue(v.customFields[key])),
  ]);

/**
 * Every contact of the organization (erased ones left out) as CSV, read a page at a time as the client downloads;
 * cells are formula-safe (the protocol's csvCell). Admins only, as a visitor's export; audited as `visitors.exported`.
 */
export async function exportContacts(services: Services, actor: AgentPrincipal): Promise<CsvDownload> {
  if (!canExportContacts(actor)) throw forbidden('exporting every contact is for admins');
  const { organizationId } = actor;
  await inTransaction(services, (tx) =>
    recordAudit(tx, actor, 'visitors.exported', { type: 'organization', id: organizationId }),
  );
  const fieldKeys = (await listFields(services.db, organizationId, 'contact')).map((f) => f.key);
  return new CsvDownload(`oceras-contacts-${new Date().toISOString().slice(0, 10)}.csv`, async function* () {
    yield CSV_BOM + csvLine([...HEADER, ...fieldKeys.map((k) => FIELD_FILTER_PREFIX + k)]);
    for await (const v of paged<VisitorRow>((after, size) => contactsPage(services.db, organizationId, after, size)))
      yield lineOf(v, fieldKeys);
  });
}
