import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { conversations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import type { UnitOfWork } from '../../events/record-event.js';
import type { Services } from '../../services.js';
import type { RefusalReason, RefusedFile } from '../attachments/store-received-files.js';
import { writeMessage } from '../messages/write-message.js';

const WHY: Record<RefusalReason, string> = {
  type: 'a type this organization does not accept',
  size: 'larger than its file size limit',
  quota: "the organization's file storage is full",
  count: 'more files than one message takes',
  empty: 'empty',
};

/** The line's words (the dashboard shows them as they are); `system` carries the facts for other clients. */
export const refusedFilesText = (refused: RefusedFile[]) =>
  `Not kept from this email: ${refused.map((f) => `${f.fileName} (${WHY[f.reason]})`).join(', ')}`;

/** The system line that names an email's files that were not kept and why. */
const lineOf = (organizationId: string, conversationId: string, refused: RefusedFile[]) => ({
  organizationId,
  conversationId,
  type: 'system' as const,
  author: { type: 'system' as const, id: null },
  body: refusedFilesText(refused),
  clientId: null,
  system: { action: 'email_files_refused', files: refused },
});

/**
 * Writes that line after the visitor's message, in the caller's transaction, which has locked the conversation.
 * A system line rather than a note: it is the server's statement of fact (a note has an agent for author), and
 * like every system line it is for agents only (R2): they can ask the visitor for the file another way, while the
 * visitor's email itself is never refused for its files.
 */
export const writeRefusedFilesLine = (
  tx: Tx,
  uow: UnitOfWork,
  organizationId: string,
  conversationId: string,
  refused: RefusedFile[],
) => writeMessage(tx, uow, lineOf(organizationId, conversationId, refused));

/** The same in a transaction of its own, which locks the conversation first (the append's lock order). */
export function appendRefusedFilesLine(
  services: Services,
  organizationId: string,
  conversationId: string,
  refused: RefusedFile[],
) {
  return inTransaction(services, async (tx, uow) => {
    await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId)))
      .for('update');
    return writeRefusedFilesLine(tx, uow, organizationId, conversationId, refused);
  });
}
