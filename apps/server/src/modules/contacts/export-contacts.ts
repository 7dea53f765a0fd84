import { CSV_BOM, csvLine } from '@oceras/protocol';
import { inTransaction } from '../../db/transaction.js';
import { forbidden } from '../../lib/errors.js';
import { CsvDownload, paged } from '../../lib/json-stream.js';
import type { AgentPrincipal } from '../../principals.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
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

const lineOf = (v: VisitorRow) =>
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
  return new CsvDownload(`oceras-contacts-${new Date().toISOString().slice(0, 10)}.csv`, async function* () {
    yield CSV_BOM + csvLine(HEADER);
    for await (const v of paged<VisitorRow>((after, size) => contactsPage(services.db, organizationId, after, size)))
      yield lineOf(v);
  });
}
