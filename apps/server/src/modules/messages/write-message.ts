import { query, type Tx } from '../../db/client.js';
import type { UnitOfWork } from '../../events/record-event.js';
import {
  type AppendedRow,
  appendStatement,
  bind,
  complete,
  draftOf,
  type MessageDraftInput,
  parametersOf,
} from './append-statement.js';
import type { MessageView } from './message.presenter.js';

export interface Written {
  agentView: MessageView;
  visitorView: MessageView | null;
  /** The client id had been sent before: this is the stored message, nothing was written (send-message.ts). */
  isReplay?: true;
}

/**
 * Writes one message in the caller's transaction with the one append statement (`checked`: the caller has locked
 * the conversation and decided that it may be written), and records its event for after the commit. Only the
 * message's own effects: a reopen or an assignment is change-conversation.ts's.
 */
export async function writeMessage(tx: Tx, uow: UnitOfWork, input: MessageDraftInput): Promise<Written> {
  const d = draftOf(input);
  const [row] = await query<AppendedRow>(tx, bind(appendStatement(d.kind, { kind: 'checked' }), parametersOf(d)));
  if (!row) throw new Error(`conversation ${input.conversationId} vanished while appending`);
  const { agentView, visitorView, event } = complete(d, row);
  uow.events.push(event);
  return { agentView, visitorView };
}
