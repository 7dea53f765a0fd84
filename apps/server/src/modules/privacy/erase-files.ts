import type { Services } from '../../services.js';
import { deleteAttachmentsOf } from '../attachments/delete-attachments.js';

/** Whose files: a whole organization, one visitor, or one conversation. */
export interface FilesTarget {
  organizationId: string;
  visitorId?: string;
  conversationId?: string;
}

/**
 * Erases the files (attachments) of an organization, a visitor or a conversation, and their rows. Called before the
 * erasure's transaction, while the rows that name the files still exist: a failure then leaves everything in
 * place, and erasing again retries.
 */
export async function eraseFilesOf(services: Services, target: FilesTarget): Promise<void> {
  await deleteAttachmentsOf(services, target);
}
