import type { Db, Tx } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import type { UnitOfWork } from '../../events/record-event.js';
import type { Services } from '../../services.js';
import { messageAuthors } from '../conversations/labels.js';
import { type AppendInput, appendMessage, DuplicateMessage } from './append-message.js';
import { type MessageRow, presentMessage, presentMessageForVisitor } from './message.presenter.js';
import type { Written } from './write-message.js';

/**
 * Stores a message in its own transaction (the transactional path) and answers only after commit. A repeated
 * client id answers the stored message and changes nothing. `alsoWrite` runs in the same transaction after the
 * message is written (a note's mentions), never for a repeat.
 */
export async function sendMessage(
  services: { db: Db; bus: Services['bus'] },
  input: AppendInput,
  alsoWrite?: (tx: Tx, uow: UnitOfWork, written: Written) => Promise<unknown>,
): Promise<Written> {
  const attempt = () =>
    inTransaction(services, async (tx, uow) => {
      const written = await appendMessage(tx, uow, input);
      await alsoWrite?.(tx, uow, written);
      return written;
    });
  try {
    return await attempt();
  } catch (err) {
    if (err instanceof DuplicateMessage) return presentStored(services.db, err.row);
    // Two sends with one client id raced past the check: the loser reads the winner's row.
    if (isUniqueViolation(err)) {
      return attempt().catch((e: unknown) => {
        if (e instanceof DuplicateMessage) return presentStored(services.db, e.row);
        throw e;
      });
    }
    throw err;
  }
}

/** A stored message as both audiences see it, with its author's current name. */
async function presentStored(db: Db, row: MessageRow): Promise<Written> {
  const label = (await messageAuthors(db, row.organizationId, [row]))(row);
  return { agentView: presentMessage(row, label), visitorView: presentMessageForVisitor(row, label), isReplay: true };
}
