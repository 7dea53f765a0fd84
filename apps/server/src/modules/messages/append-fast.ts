import type { TEmailAuth } from '@oceras/protocol';
import { isDeadlock, isUniqueViolation } from '../../db/errors.js';
import { createGroupCommit, type GroupCommit } from '../../lib/group-commit.js';
import type { Services } from '../../services.js';
import {
  type AppendedRow,
  appendStatement,
  batchParametersOf,
  complete,
  draftOf,
  type Guard,
  parametersOf,
  type Draft as StatementDraft,
  VISITOR_BATCH,
} from './append-statement.js';
import type { MessageView } from './message.presenter.js';

export type FastAuthor =
  | { type: 'visitor'; id: string }
  /** `mayChangeAny`: a manager or admin, who may reply in a colleague's conversation. */
  | { type: 'agent'; id: string; mayChangeAny: boolean };

export interface FastAppendInput {
  organizationId: string;
  conversationId: string;
  author: FastAuthor;
  type: 'message' | 'note';
  body: string;
  clientId: string;
  attachmentIds?: string[];
  emailAuth?: TEmailAuth | null;
}

type Row = AppendedRow;
type Draft = StatementDraft<FastAppendInput>;

/** The most visitors' messages stored by one statement. */
const MAX_BATCH = 64;

/**
 * Visitors' messages are group-committed in this many lanes, an organization always in the same one, each lane
 * with at most two statements in flight. Lanes across organizations let the messages of many small
 * organizations share a statement and a commit (with a lane per organization, 200 organizations sending at once
 * meant a statement and a commit per message); more than one lane keeps an organization whose row is held for a
 * while (a long transaction on the transactional path) from holding up everyone else's messages.
 */
export const VISITOR_LANES = 2;
/** The lane of an organization: a cheap, stable hash of its id. */
export const laneOf = (organizationId: string): string => {
  let h = 0;
  for (let i = 0; i < organizationId.length; i++) h = (h * 31 + organizationId.charCodeAt(i)) | 0;
  return String(Math.abs(h) % VISITOR_LANES);
};

export type FastAppendResult = { agentView: MessageView; visitorView: MessageView | null } | null;

/** The common case's guard for this author (append-statement.ts). */
const guardOf = (input: FastAppendInput): Guard => ({
  kind: 'common-case',
  mayChangeAny: input.author.type === 'agent' && input.author.mayChangeAny,
});

async function appendOne(services: Pick<Services, 'prepared'>, d: Draft): Promise<Row | null> {
  const guard = guardOf(d.input);
  try {
    const rows = await services.prepared<Row>(
      `oceras_append_${d.kind}_${guard.kind === 'common-case' && guard.mayChangeAny ? 'any' : 'own'}`,
      appendStatement(d.kind, guard),
      parametersOf(d),
    );
    return rows[0] ?? null;
  } catch (err) {
    // The same client id sent twice at the same moment: the loser's statement rolled back whole.
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** Rows in the batch's order; null where the message was left to the transactional path. */
async function appendVisitorBatch(services: Pick<Services, 'prepared'>, ds: Draft[]): Promise<(Row | null)[]> {
  let rows: (Row & { conversation_id: string })[];
  try {
    rows = await services.prepared('oceras_append_visitor_batch', VISITOR_BATCH, batchParametersOf(ds));
  } catch (err) {
    // A repeated client id raced in, or a deadlock with another path's locks: the batch rolled back whole, so
    // each message is tried on its own.
    if (!isUniqueViolation(err) && !isDeadlock(err)) throw err;
    return Promise.all(ds.map((d) => appendOne(services, d)));
  }
  const byConversation = new Map(rows.map((row) => [row.conversation_id, row]));
  return ds.map((d) => byConversation.get(d.input.conversationId) ?? null);
}

/** For the equivalence test of the three paths: these visitors' messages through the batch statement, as is. */
export const unsafeAppendVisitorBatch = (services: Pick<Services, 'prepared'>, inputs: FastAppendInput[]) =>
  appendVisitorBatch(services, inputs.map(draftOf));

/**
 * Visitors' messages, group-committed by lane (lib/group-commit.ts, `laneOf`). One per app, found by its bus: the
 * batch announces on that bus, and an app rebuilt on the same database (a restart in tests) has a new one.
 */
const visitorCommits = new WeakMap<Services['bus'], GroupCommit<Draft, FastAppendResult>>();
function visitorCommit(services: Pick<Services, 'prepared' | 'bus'>): GroupCommit<Draft, FastAppendResult> {
  let commit = visitorCommits.get(services.bus);
  if (!commit) {
    commit = createGroupCommit<Draft, FastAppendResult>({
      maxBatch: MAX_BATCH,
      maxInFlight: 2,
      // One message per conversation and per visitor in a batch: each row is updated once by the statement.
      fits: (batch, d) =>
        !batch.some(
          (b) => b.input.conversationId === d.input.conversationId || b.input.author.id === d.input.author.id,
        ),
      run: async (_lane, ds) => {
        const rows = ds.length === 1 ? [await appendOne(services, ds[0]!)] : await appendVisitorBatch(services, ds);
        const done = ds.map((d, i) => (rows[i] ? complete(d, rows[i]) : null));
        const events = done.flatMap((x) => (x ? [x.event] : []));
        if (events.length > 0) services.bus.publish(events.sort((a, b) => a.seq - b.seq));
        return done.map((x) => (x ? { agentView: x.agentView, visitorView: x.visitorView } : null));
      },
    });
    visitorCommits.set(services.bus, commit);
  }
  return commit;
}

/**
 * The common case of sending a message (an open conversation, a new client id, an author allowed to write) as
 * ONE statement, committed on its own: the statement the transactional path runs too (append-statement.ts), with
 * the common case's guard instead of that path's lock and checks, so the organization's row lock, which orders the
 * organization's events, is held only for the end of one statement and its commit instead of across several
 * round trips through the event loop: under load
 * that lock was the whole throughput of an organization (docs/PERFORMANCE.md, "what the profile changed").
 * Visitors' messages go further: those that arrive while one of their lane's statements is running are stored
 * together by the next one, in one statement and one commit (group commit), whatever their organizations.
 *
 * Lock order is the transactional path's: conversation (FOR UPDATE, which re-checks the conditions on the
 * newest row version), organization, visitor. Answers null when the common case does not hold, and then the
 * caller takes the transactional path, which explains why (404, 403), reopens a resolved conversation, or
 * returns the message stored under a repeated client id.
 */
export async function appendMessageFast(
  services: Pick<Services, 'prepared' | 'bus'>,
  input: FastAppendInput,
): Promise<FastAppendResult> {
  const d = draftOf(input);
  if (d.kind === 'visitor') return visitorCommit(services).submit(laneOf(input.organizationId), d);
  const row = await appendOne(services, d);
  if (!row) return null;
  const { agentView, visitorView, event } = complete(d, row);
  services.bus.publish([event]);
  return { agentView, visitorView };
}
