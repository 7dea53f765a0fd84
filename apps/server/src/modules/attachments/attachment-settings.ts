import { DEFAULT_ATTACHMENT_SETTINGS, type TAttachmentSettings } from '@oceras/protocol';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { organizations } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

/** An organization's stored settings over the defaults (missing keys are the defaults). */
export const attachmentSettingsOf = (stored: unknown): TAttachmentSettings => ({
  ...DEFAULT_ATTACHMENT_SETTINGS,
  ...(stored as Partial<TAttachmentSettings>),
});

export async function loadAttachmentSettings(db: DbOrTx, organizationId: string): Promise<TAttachmentSettings> {
  const [row] = await db
    .select({ settings: organizations.attachmentSettings })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!row) throw notFound('organization');
  return attachmentSettingsOf(row.settings);
}
