import { randomUUID } from 'node:crypto';
import type { TMessage } from '@oceras/protocol';
import { isDeadlock, isUniqueViolation } from '../../db/errors.js';
import type { RecordedEvent } from '../../events/record-event.js';
import { createGroupCommit, type GroupCommit } from '../../lib/group-commit.js';
import type { Services } from '../../services.js';
import { type MessageRow, presentMessage, presentMessageForVisitor, preview } from './message.presenter.js';

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
}

type Row = {
  seq: string | number;
  visitor_id: string | null;
  visitor_seq: string | number | null;
  created_at: Date | string;
  message_seq: number;
  author_name: string | null;
  author_avatar: string | null;
};

type Variant = 'visitor' | 'agent_reply' | 'agent_reply_any' | 'agent_note';

/** The most visitors' messages of one organization stored by one statement. */
const MAX_BATCH = 64;

/**
 * Parameters: $1 conversation, $2 organization, $3 author, $4 client id, $5 preview, $6 message id, $7 type,
 * $8 body, $9 created at, $10 agents' view, $11 visitor's view (null for a note). The views are the presenter's
 * output; the statement fills in the sequence it assigns and the author's current name and avatar.
 */
function appendStatement(variant: Variant): string {
  const isVisitor = variant === 'visitor';
  const isPublic = variant !== 'agent_note';
  const isReply = variant === 'agent_reply' || variant === 'agent_reply_any';
  // A reply to an unassigned conversation assigns it to its author when the organization says so: that takes
  // the transactional path (a system line and conversation.updated), so here it does not qualify.
  const assignsOnReply = `c.assignee_id is null and (select o.auto_assign_on_reply from organizations o where o.id = $2)`;
  const allowed = isVisitor
    ? `and c.visitor_id = $3 and c.status in ('open', 'pending')`
    : variant === 'agent_reply'
      ? `and (c.assignee_id is null or c.assignee_id = $3) and not (${assignsOnReply})`
      : variant === 'agent_reply_any'
        ? `and not (${assignsOnReply})`
        : '';
  const name = isVisitor ? '(select name from visitors where id = $3)' : '(select name from agents where id = $3)';
  const avatar = isVisitor ? 'null::text' : '(select avatar_url from agents where id = $3)';
  const fill = (view: string) => `jsonb_set(jsonb_set(jsonb_set(${view}::jsonb, '{seq}', to_jsonb(conv.seq)),
      '{author,name}', coalesce(to_jsonb(${name}), 'null'::jsonb)),
      '{author,avatarUrl}', coalesce(to_jsonb(${avatar}), 'null'::jsonb))`;
  return `
    with c0 as (
      select c.id from conversations c
      where c.id = $1 and c.organization_id = $2 ${allowed}
        and not exists (select 1 from messages m where m.conversation_id = $1 and m.client_id = $4)
      for update
    ), o as (
      update organizations set event_seq = event_seq + 1
      where id = $2 and exists (select 1 from c0)
      returning event_seq
    ), conv as (
      update conversations c set
        last_message_seq = c.last_message_seq + 1,
        last_activity_at = now(),
        last_message_preview = $5,
        version = (select event_seq from o)
        ${isPublic ? ', last_public_message_seq = c.last_message_seq + 1, last_public_message_preview = $5' : ''}
        ${isVisitor ? ', waiting_since = coalesce(c.waiting_since, now())' : ''}
        ${isReply ? ', waiting_since = null, first_reply_at = coalesce(c.first_reply_at, now())' : ''}
      from c0 where c.id = c0.id
      returning c.id, c.visitor_id, c.last_message_seq as seq
    ), msg as (
      insert into messages (id, organization_id, conversation_id, seq, client_id, type, author_type, author_id, body, created_at)
      select $6, $2, conv.id, conv.seq, $4, $7, '${isVisitor ? 'visitor' : 'agent'}', $3, $8, $9::timestamptz
      from conv
      returning seq
    )${
      isVisitor
        ? ''
        : `, cursor as (
      insert into read_cursors (agent_id, conversation_id, organization_id, last_read_seq)
      select $3, conv.id, $2, conv.seq from conv
      on conflict (agent_id, conversation_id) do update set last_read_seq = excluded.last_read_seq
    )`
    }${
      isPublic
        ? `, v as (
      update visitors set event_seq = event_seq + 1
      where id = (select visitor_id from conv) and organization_id = $2
      returning event_seq
    )`
        : ''
    }
    insert into events (organization_id, seq, type, conversation_id, payload, visitor_id, visitor_seq, visitor_payload)
    select $2, o.event_seq, 'message.created', conv.id, ${fill('$10')},
           ${isPublic ? `conv.visitor_id, (select event_seq from v), ${fill('$11')}` : 'null, null, $11::jsonb'}
    from o, conv
    returning seq, visitor_id, visitor_seq, created_at,
      (select seq from msg) as message_seq, ${name} as author_name, ${avatar} as author_avatar`;
}
const STATEMENTS: Record<Variant, string> = {
  visitor: appendStatement('visitor'),
  agent_reply: appendStatement('agent_reply'),
  agent_reply_any: appendStatement('agent_reply_any'),
  agent_note: appendStatement('agent_note'),
};

/**
 * Several visitors' messages in one organization as one statement: what the visitor variant above does, for
 * each message of the batch, with the organization's sequence moved once by the batch's size. Parameters: $1
 * organization, then one array per column, in the batch's order.
 * - Every message is in its own conversation and from its own visitor (the group commit's `fits`), so each
 *   conversation and visitor row is updated once.
 * - Each conversation is looked up and locked by its primary key, one input row at a time, in id order (so that
 *   two batches do not deadlock; if one does, it is retried message by message). As a join, the generic plan
 *   scanned every open conversation of the organization.
 * - A message whose conversation does not qualify is left out of the result, and the caller takes the
 *   transactional path for it.
 * - A repeated client id is not looked for: the unique key on (conversation, client id) refuses it, the batch
 *   rolls back, and each message is tried on its own.
 */
const VISITOR_BATCH = `
  with input as (
    select * from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::text[],
                         $8::timestamptz[], $9::jsonb[], $10::jsonb[])
      with ordinality as i(cid, vid, client_id, preview, mid, body, created_at, aview, vview, n)
  ), c0 as (
    select c.id from (select cid, vid from input order by cid) i
    cross join lateral (
      select c.id from conversations c
      where c.id = i.cid and c.organization_id = $1 and c.visitor_id = i.vid and c.status in ('open', 'pending')
      for update
    ) c
  ), r as (
    select i.*, row_number() over (order by i.n) as k, count(*) over () as total
    from input i join c0 on c0.id = i.cid
  ), o as (
    update organizations set event_seq = event_seq + (select count(*) from r)
    where id = $1 and exists (select 1 from r)
    returning event_seq
  ), conv as (
    update conversations c set
      last_message_seq = c.last_message_seq + 1,
      last_public_message_seq = c.last_message_seq + 1,
      last_activity_at = now(),
      last_message_preview = r.preview,
      last_public_message_preview = r.preview,
      waiting_since = coalesce(c.waiting_since, now()),
      version = (select event_seq from o) - r.total + r.k
    from r where c.id = r.cid
    returning c.id, c.visitor_id, c.last_message_seq as seq
  ), msg as (
    insert into messages (id, organization_id, conversation_id, seq, client_id, type, author_type, author_id, body, created_at)
    select r.mid, $1, conv.id, conv.seq, r.client_id, 'message', 'visitor', r.vid, r.body, r.created_at
    from conv join r on r.cid = conv.id
  ), v as (
    update visitors vs set event_seq = vs.event_seq + 1
    from conv where vs.id = conv.visitor_id and vs.organization_id = $1
    returning vs.id, vs.event_seq, vs.name
  )
  insert into events (organization_id, seq, type, conversation_id, payload, visitor_id, visitor_seq, visitor_payload)
  select $1, o.event_seq - r.total + r.k, 'message.created', conv.id,
    jsonb_set(jsonb_set(jsonb_set(r.aview, '{seq}', to_jsonb(conv.seq)),
      '{author,name}', coalesce(to_jsonb(v.name), 'null'::jsonb)), '{author,avatarUrl}', 'null'::jsonb),
    conv.visitor_id, v.event_seq,
    jsonb_set(jsonb_set(jsonb_set(r.vview, '{seq}', to_jsonb(conv.seq)),
      '{author,name}', coalesce(to_jsonb(v.name), 'null'::jsonb)), '{author,avatarUrl}', 'null'::jsonb)
  from o, conv join r on r.cid = conv.id join v on v.id = conv.visitor_id
  returning conversation_id, seq, visitor_id, visitor_seq, created_at,
    (payload->>'seq')::int as message_seq, payload->'author'->>'name' as author_name, null::text as author_avatar`;

interface Draft {
  input: FastAppendInput;
  variant: Variant;
  id: string;
  createdAt: Date;
  preview: string;
  agentDraft: TMessage;
  visitorDraft: TMessage | null;
}
export type FastAppendResult = { agentView: TMessage; visitorView: TMessage | null } | null;

function draftOf(input: FastAppendInput): Draft {
  const { author } = input;
  const id = randomUUID();
  const createdAt = new Date();
  // The presenter stays the one definition of a message's shape; the statement only fills in the sequence it
  // assigns and the author's current name.
  const row: MessageRow = {
    id,
    organizationId: input.organizationId,
    conversationId: input.conversationId,
    seq: 0,
    clientId: input.clientId,
    type: input.type,
    authorType: author.type,
    authorId: author.id,
    body: input.body,
    system: null,
    createdAt,
  };
  const variant: Variant =
    author.type === 'visitor'
      ? 'visitor'
      : input.type === 'note'
        ? 'agent_note'
        : author.mayChangeAny
          ? 'agent_reply_any'
          : 'agent_reply';
  return {
    input,
    variant,
    id,
    createdAt,
    preview: preview(input.body),
    agentDraft: presentMessage(row, null),
    visitorDraft: presentMessageForVisitor(row, null),
  };
}

async function appendOne(services: Pick<Services, 'prepared'>, d: Draft): Promise<Row | null> {
  const { input } = d;
  try {
    const rows = await services.prepared<Row>(`oceras_append_${d.variant}`, STATEMENTS[d.variant], [
      input.conversationId,
      input.organizationId,
      input.author.id,
      input.clientId,
      d.preview,
      d.id,
      input.type,
      input.body,
      d.createdAt.toISOString(),
      JSON.stringify(d.agentDraft),
      d.visitorDraft ? JSON.stringify(d.visitorDraft) : null,
    ]);
    return rows[0] ?? null;
  } catch (err) {
    // The same client id sent twice at the same moment: the loser's statement rolled back whole.
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** Rows in the batch's order; null where the message was left to the transactional path. */
async function appendVisitorBatch(
  services: Pick<Services, 'prepared'>,
  organizationId: string,
  ds: Draft[],
): Promise<(Row | null)[]> {
  let rows: (Row & { conversation_id: string })[];
  try {
    rows = await services.prepared('oceras_append_visitor_batch', VISITOR_BATCH, [
      organizationId,
      ds.map((d) => d.input.conversationId),
      ds.map((d) => d.input.author.id),
      ds.map((d) => d.input.clientId),
      ds.map((d) => d.preview),
      ds.map((d) => d.id),
      ds.map((d) => d.input.body),
      ds.map((d) => d.createdAt.toISOString()),
      ds.map((d) => JSON.stringify(d.agentDraft)),
      ds.map((d) => JSON.stringify(d.visitorDraft)),
    ]);
  } catch (err) {
    // A repeated client id raced in, or a deadlock with another path's locks: the batch rolled back whole, so
    // each message is tried on its own.
    if (!isUniqueViolation(err) && !isDeadlock(err)) throw err;
    return Promise.all(ds.map((d) => appendOne(services, d)));
  }
  const byConversation = new Map(rows.map((row) => [row.conversation_id, row]));
  return ds.map((d) => byConversation.get(d.input.conversationId) ?? null);
}

function complete(d: Draft, row: Row): { views: NonNullable<FastAppendResult>; event: RecordedEvent } {
  // The statement stored the drafts with these filled in; the same values complete the copies kept here, so
  // the payloads need not travel back from the database.
  const fill = (view: TMessage): TMessage => ({
    ...view,
    seq: row.message_seq,
    author: { ...view.author, name: row.author_name, avatarUrl: row.author_avatar },
  });
  const agentView = fill(d.agentDraft);
  const visitorView = d.visitorDraft ? fill(d.visitorDraft) : null;
  const event: RecordedEvent = {
    organizationId: d.input.organizationId,
    seq: Number(row.seq),
    type: 'message.created',
    conversationId: d.input.conversationId,
    payload: agentView,
    visitorId: row.visitor_id,
    visitorSeq: row.visitor_seq === null ? null : Number(row.visitor_seq),
    visitorPayload: visitorView,
    at: new Date(row.created_at).toISOString(),
  };
  return { views: { agentView, visitorView }, event };
}

/**
 * Visitors' messages, group-committed per organization (lib/group-commit.ts). One per app, found by its bus: the
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
      run: async (organizationId, ds) => {
        const rows =
          ds.length === 1
            ? [await appendOne(services, ds[0]!)]
            : await appendVisitorBatch(services, organizationId, ds);
        const done = ds.map((d, i) => (rows[i] ? complete(d, rows[i]) : null));
        const events = done.flatMap((x) => (x ? [x.event] : []));
        if (events.length > 0) services.bus.publish(events.sort((a, b) => a.seq - b.seq));
        return done.map((x) => x?.views ?? null);
      },
    });
    visitorCommits.set(services.bus, commit);
  }
  return commit;
}

/**
 * The common case of sending a message (an open conversation, a new client id, an author allowed to write) as
 * ONE statement, committed on its own. It does what appendMessage + recordEvent do in a transaction of six round
 * trips, but the organization's row lock, which orders the organization's events, is now held only for the end
 * of one statement and its commit instead of across several round trips through the event loop: under load
 * that lock was the whole throughput of an organization (docs/PERFORMANCE.md, "what the profile changed").
 * Visitors' messages go further: those that arrive while one of their organization's statements is running
 * are stored together by the next one, in one statement and one commit (group commit).
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
  if (d.variant === 'visitor') return visitorCommit(services).submit(input.organizationId, d);
  const row = await appendOne(services, d);
  if (!row) return null;
  const { views, event } = complete(d, row);
  services.bus.publish([event]);
  return views;
}
