import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import type { Services } from '../../services.js';
import { type AppendInput, appendMessage, DuplicateMessage } from './append-message.js';
import type { MessageRow } from './message.presenter.js';

/**
 * Stores a message in its own transaction and acknowledges only after commit. A repeated client id returns the
 * stored message and changes nothing (the sequence bump is rolled back).
 */
export async function sendMessage(services: { db: Db; bus: Services['bus'] }, input: AppendInput): Promise<MessageRow> {
  try {
    const { row } = await inTransaction(services, (tx, uow) => appendMessage(tx, uow, input));
    return row;
  } catch (err) {
    if (err instanceof DuplicateMessage) return err.row;
    if (isUniqueViolation(err)) {
      // Two sends with one client id raced past the check: the loser re-reads the winner's row.
      const { row } = await inTransaction(services, (tx, uow) => appendMessage(tx, uow, input)).catch((e: unknown) => {
        if (e instanceof DuplicateMessage) return { row: e.row };
        throw e;
      });
      return row;
    }
    throw err;
  }
}
