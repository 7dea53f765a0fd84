import type { TConsent, TConsentRecord } from '@oceras/protocol';
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { consentRecords } from '../../db/schema.js';

/**
 * The pre-chat consents of visitors (table consent_records): what the widget's form showed (the privacy policy's
 * URL and version) and when the visitor accepted it. Written when a widget session or identify request carries
 * `consent`; read for the visitor's export.
 */
export async function recordConsent(
  db: DbOrTx,
  organizationId: string,
  visitorId: string,
  consent: TConsent,
): Promise<void> {
  await db.insert(consentRecords).values({
    organizationId,
    visitorId,
    kind: 'prechat',
    policyUrl: consent.policyUrl,
    policyVersion: consent.policyVersion,
  });
}

export const presentConsentRecord = (row: typeof consentRecords.$inferSelect): TConsentRecord => ({
  kind: row.kind,
  policyUrl: row.policyUrl,
  policyVersion: row.policyVersion,
  recordedAt: row.recordedAt.toISOString(),
});

/** Every consent a visitor gave, oldest first, as the protocol's ZConsentRecord (for the visitor's export). */
export async function listConsentRecords(
  db: DbOrTx,
  organizationId: string,
  visitorId: string,
): Promise<TConsentRecord[]> {
  const rows = await db
    .select()
    .from(consentRecords)
    .where(and(eq(consentRecords.organizationId, organizationId), eq(consentRecords.visitorId, visitorId)))
    .orderBy(asc(consentRecords.recordedAt));
  return rows.map(presentConsentRecord);
}
