import { and, eq, isNotNull } from 'drizzle-orm';
import { agents } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { storedAvatarKey } from '../agents/avatars.js';
import { deleteAttachmentsOf } from '../attachments/delete-attachments.js';

/** Whose files: a whole organization, one visitor, or one conversation. */
export interface FilesTarget {
  organizationId: string;
  visitorId?: string;
  conversationId?: string;
}

/**
 * Erases the files (attachments) of an organization, a visitor or a conversation, and their rows; for an
 * organization, its agents' avatars too. Called before the
 * erasure's transaction, while the rows that name the files still exist: a failure then leaves everything in
 * place, and erasing again retries.
 */
export async function eraseFilesOf(services: Services, target: FilesTarget): Promise<void> {
  await deleteAttachmentsOf(services, target);
  if (target.visitorId || target.conversationId) return;
  // The whole organization: its agents' avatars too (agents/avatars.ts).
  const rows = await services.db
    .select({ organizationId: agents.organizationId, id: agents.id, avatarUrl: agents.avatarUrl })
    .from(agents)
    .where(and(eq(agents.organizationId, target.organizationId), isNotNull(agents.avatarUrl)));
  const keys = rows.flatMap((r) => storedAvatarKey(r) ?? []);
  if (keys.length > 0) await services.storage.remove(keys);
}
