import type { EventBus } from '../events/bus.js';
import { UnitOfWork } from '../events/record-event.js';
import type { Db, Tx } from './client.js';

/**
 * Runs `fn` in one transaction and, only after COMMIT succeeded, hands the recorded events to the bus.
 * Nothing is announced for a transaction that rolled back.
 */
export async function inTransaction<T>(
  deps: { db: Db; bus: EventBus },
  fn: (tx: Tx, uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  const uow = new UnitOfWork();
  const result = await deps.db.transaction((tx) => fn(tx, uow));
  for (const fn of uow.afterCommit) fn();
  if (uow.events.length > 0) deps.bus.publish(uow.events);
  return result;
}
