import type { Services } from '../../services.js';

/** Whose files: a whole organization, one visitor, or one conversation. */
export interface FilesTarget {
  organizationId: string;
  visitorId?: string;
  conversationId?: string;
}

/**
 * Erases the files (attachments) of an organization, a visitor or a conversation. Called before the erasure's
 * transaction, while the rows that name the files still exist: a failure then leaves everything in place, and
 * erasing again retries. Oceras stores no files yet, so this does nothing today.
 *
 * TODO(issue 14): when attachments land, this is one line: `await deleteAttachmentsOf(target)`.
 */
export async function eraseFilesOf(_services: Services, _target: FilesTarget): Promise<void> {}
