import { randomUUID } from 'node:crypto';
import { REOPENED_BY_VISITOR, STATUSES, type TEmailAuth } from '@oceras/protocol';
import { type SQL, sql } from 'drizzle-orm';
import type { RecordedEvent } from '../../events/record-event.js';
import { type StoredAttachment, storedAttachmentSql } from '../attachments/attachment.presenter.js';
import { acceptsPublicMessagesSql, canChangeSql } from '../conversations/conversation.policy.js';
import {
  type MessageRow,
  type MessageView,
  presentMessage,
  presentMessageForVisitor,
  preview,
} from './message.presenter.js';

/** The statuses a visitor's message leaves as they are, as an SQL list: the others reopen (the transactional path). */
const TAKES_VISITOR_MESSAGE_AS_IS = `(${STATUSES.filter((x) => !REOPENED_BY_VISITOR.includes(x))
  .map((x) => `'${x}'`)
  .join(', ')})`;

/**
 * THE definition of what appending a message writes: the conversation's counters and timers, the message row, the
 * author's read cursor, the visitor's event sequence, its attachments (each the author's own finished upload,
 * attached once: all of them or no message) and the `message.created` event with both audiences' views.
 * Every path is built from it: the one-statement path (append-fast.ts, one message or a batch of visitors'
 * messages) and the transactional path (append-message.ts), which differ only in their guard: the fast path
 * appends only in the common case and leaves the rest to the transactional one, which has locked and checked the
 * conversation itself. Status changes and assignments are not a message's effects: change-conversation.ts makes
 * them (a reopen, an assignment on reply), after the message.
 */
export type AppendKind = 'visitor' | 'reply' | 'note' | 'system' | 'auto';

export interface MessageDraftInput {
  organizationId: string;
  conversationId: string;
  author: { type: 'visitor' | 'agent' | 'system'; id: string | null };
  type: 'message' | 'note' | 'system';
  body: string;
  clientId: string | null;
  system?: Record<string, unknown> | null;
  /** Uploads to attach, in order (none when left out). */
  attachmentIds?: string[];
  /** A visitor's message that came by email: the trusted relay's SPF/DKIM/DMARC results (agents' view only). */
  emailAuth?: TEmailAuth | null;
}

export function appendKind(input: Pick<MessageDraftInput, 'author' | 'type'>): AppendKind {
  if (input.type === 'system') return 'system';
  if (input.author.type === 'visitor') return 'visitor';
  // An automatic reply (modules/auto-replies): a public message written by the server as the organization.
  if (input.author.type === 'system') return 'auto';
  return input.type === 'note' ? 'note' : 'reply';
}
const isPublic = (kind: AppendKind) => kind === 'visitor' || kind === 'reply' || kind === 'auto';

/** Where one message's values come from in a statement: the single statement's parameters or a batch's rows. */
interface Source {
  organization: string;
  conversation: string;
  author: string;
  clientId: string;
  preview: string;
  id: string;
  type: string;
  body: string;
  createdAt: string;
  agentView: string;
  visitorView: string;
  system: string;
  /** The event's sequence (the conversation's version). */
  eventSeq: string;
  /** The message's attachments as stored (a jsonb array), once the statement has attached them. */
  attachments: string;
}

/** Who may attach an upload: its uploader, as the author of the message. */
const uploaderType = (kind: AppendKind) => (kind === 'visitor' ? 'visitor' : 'agent');
/** The stored attachments of the attached rows `att` (the `att` step's output) that `where` picks, in order. */
const storedList = (where: string) =>
  `(select coalesce(jsonb_agg(${storedAttachmentSql('att')} order by att.position), '[]'::jsonb) from att ${where})`;
/**
 * An upload is attachable by its uploader, once: finished (`uploaded`), never attached before (a message or
 * conversation deleted since leaves `attached_at`), in the author's organization.
 */
export const attachable = (a: string, organization: string, kind: AppendKind, author: string) =>
  `${a}.organization_id = ${organization} and ${a}.uploader_type = '${uploaderType(kind)}' and ${a}.uploader_id = ${author}
   and ${a}.status = 'uploaded' and ${a}.message_id is null and ${a}.attached_at is null`;

/**
 * The message row's `email_auth`: the agents' view's `emailAuth`, which the presenter writes only when there is one
 * (null otherwise). Taken from the view rather than from a parameter of its own, so that the row and the event
 * cannot disagree and neither statement's parameters (prepared, and the batch's arrays) change.
 */
const emailAuthOf = (s: Source) => `(${s.agentView})->'emailAuth'`;

/** The conversation's changes, `c` being the row. */
function conversationEffects(kind: AppendKind, s: Source): string {
  return [
    'last_message_seq = c.last_message_seq + 1',
    'last_activity_at = now()',
    `version = ${s.eventSeq}`,
    ...(kind !== 'system' ? [`last_message_preview = ${s.preview}`] : []),
    ...(isPublic(kind)
      ? ['last_public_message_seq = c.last_message_seq + 1', `last_public_message_preview = ${s.preview}`]
      : []),
    ...(kind === 'visitor' ? ['waiting_since = coalesce(c.waiting_since, now())'] : []),
    ...(kind === 'reply' ? ['waiting_since = null', 'first_reply_at = coalesce(c.first_reply_at, now())'] : []),
  ].join(', ');
}

const authorType = (kind: AppendKind) =>
  kind === 'visitor' ? 'visitor' : kind === 'system' || kind === 'auto' ? 'system' : 'agent';
/** The author's name and avatar as they are now (the views are stored with them); an automatic reply's is the organization's. */
const authorName = (kind: AppendKind, id: string, organization: string) =>
  kind === 'visitor'
    ? `(select name from visitors where id = ${id})`
    : kind === 'system'
      ? 'null::text'
      : kind === 'auto'
        ? `(select name from organizations where id = ${organization})`
        : `(select name from agents where id = ${id})`;
const authorAvatar = (kind: AppendKind, id: string) =>
  kind === 'reply' || kind === 'note' ? `(select avatar_url from agents where id = ${id})` : 'null::text';

/**
 * A presenter's view with what only the statement knows filled in: the sequence, the author's name and avatar,
 * the attachments.
 */
const fill = (view: string, seq: string, name: string, avatar: string, attachments: string) =>
  `jsonb_set(jsonb_set(jsonb_set(jsonb_set(${view}, '{seq}', to_jsonb(${seq})),
    '{author,name}', coalesce(to_jsonb(${name}), 'null'::jsonb)),
    '{author,avatarUrl}', coalesce(to_jsonb(${avatar}), 'null'::jsonb)),
    '{attachments}', ${attachments})`;

const SINGLE: Source = {
  conversation: '$1',
  organization: '$2',
  author: '$3',
  clientId: '$4',
  preview: '$5',
  id: '$6',
  type: '$7',
  body: '$8',
  createdAt: '$9::timestamptz',
  agentView: '$10::jsonb',
  visitorView: '$11::jsonb',
  system: '$12::jsonb',
  eventSeq: '(select event_seq from o)',
  attachments: '(select list from atts)',
};

/**
 * `common-case`: appends only when nothing else must happen (an open conversation of this visitor, a reply its
 * author may write that assigns nothing, a client id not seen before), else writes nothing. `checked`: the caller
 * has locked the conversation and decided.
 */
export type Guard = { kind: 'common-case'; mayChangeAny: boolean } | { kind: 'checked' };

function guardSql(kind: AppendKind, guard: Guard, s: Source): string {
  if (guard.kind === 'checked') return '';
  // A reply to an unassigned conversation assigns it to its author when the organization says so: a change made
  // by change-conversation.ts, on the transactional path.
  const assignsOnReply = `c.assignee_id is null and (select o.auto_assign_on_reply from organizations o where o.id = ${s.organization})`;
  const fresh = `and not exists (select 1 from messages m where m.conversation_id = ${s.conversation} and m.client_id = ${s.clientId})`;
  // A public message to an erased visitor's conversation is the transactional path's refusal (VISITOR_ERASED).
  const accepts = acceptsPublicMessagesSql('c');
  if (kind === 'visitor')
    return `and c.visitor_id = ${s.author} and c.status in ${TAKES_VISITOR_MESSAGE_AS_IS} and ${accepts} ${fresh}`;
  if (kind === 'reply')
    return `and ${canChangeSql('c', s.author, guard.mayChangeAny)} and not (${assignsOnReply}) and ${accepts} ${fresh}`;
  if (kind === 'note') return fresh;
  throw new Error('system lines and automatic replies take the transactional path');
}

/**
 * One message as one statement. Parameters: $1 conversation, $2 organization, $3 author (null for a system line),
 * $4 client id, $5 preview, $6 message id, $7 type, $8 body, $9 created at, $10 agents' view, $11 visitor's view
 * (null unless public), $12 the system line's details, $13 the attachments' ids. Every parameter appears in every
 * kind's text (a prepared statement cannot type one it never sees), except the preview in a system line's, which
 * only the transactional path runs. Lock order: conversation, attachments, organization, visitor. An attachment
 * that is not attachable (above) writes nothing at all, like a failed guard.
 */
export function appendStatement(kind: AppendKind, guard: Guard): string {
  const key = `${kind}:${guard.kind === 'checked' ? 'checked' : guard.mayChangeAny}`;
  const text = texts.get(key) ?? buildStatement(kind, guard);
  texts.set(key, text);
  return text;
}
const texts = new Map<string, string>();

function buildStatement(kind: AppendKind, guard: Guard): string {
  const s = SINGLE;
  const name = authorName(kind, s.author, s.organization);
  const avatar = authorAvatar(kind, s.author);
  const agentAuthored = kind === 'reply' || kind === 'note';
  const fillView = (view: string) => fill(view, 'conv.seq', name, avatar, s.attachments);
  return `
    with c0 as (
      select c.id from conversations c
      where c.id = ${s.conversation} and c.organization_id = ${s.organization} ${guardSql(kind, guard, s)}
      for update
    ), a0 as (
      select a.id from attachments a
      where a.id = any($13::uuid[]) and ${attachable('a', s.organization, kind, s.author)} and exists (select 1 from c0)
      order by a.id
      for update
    ), o as (
      update organizations set event_seq = event_seq + 1
      where id = ${s.organization} and exists (select 1 from c0)
        and (select count(*) from a0) = cardinality($13::uuid[])
      returning event_seq
    ), conv as (
      update conversations c set ${conversationEffects(kind, s)}
      from c0 where c.id = c0.id and exists (select 1 from o)
      returning c.id, c.visitor_id, c.last_message_seq as seq
    ), att as (
      update attachments a set message_id = ${s.id}, conversation_id = conv.id,
        position = array_position($13::uuid[], a.id), attached_at = now()
      from conv where a.id in (select id from a0)
      returning a.*
    ), atts as (
      select ${storedList('')} as list
    ), msg as (
      insert into messages (id, organization_id, conversation_id, seq, client_id, type, author_type, author_id, body, created_at, system, attachments, email_auth)
      select ${s.id}, ${s.organization}, conv.id, conv.seq, ${s.clientId}, ${s.type}, '${authorType(kind)}', ${s.author},
        ${s.body}, ${s.createdAt}, ${s.system}, ${s.attachments}, ${emailAuthOf(s)}
      from conv
      returning seq
    )${
      agentAuthored
        ? `, cursor as (
      insert into read_cursors (agent_id, conversation_id, organization_id, last_read_seq)
      select ${s.author}, conv.id, ${s.organization}, conv.seq from conv
      on conflict (agent_id, conversation_id) do update set last_read_seq = excluded.last_read_seq
    )`
        : ''
    }${
      isPublic(kind)
        ? `, v as (
      update visitors set event_seq = event_seq + 1
      where id = (select visitor_id from conv) and organization_id = ${s.organization}
      returning event_seq
    )`
        : ''
    }
    insert into events (organization_id, seq, type, conversation_id, payload, visitor_id, visitor_seq, visitor_payload)
    select ${s.organization}, o.event_seq, 'message.created', conv.id, ${fillView(s.agentView)},
      ${isPublic(kind) ? `conv.visitor_id, (select event_seq from v), ${fillView(s.visitorView)}` : `null, null, ${s.visitorView}`}
    from o, conv
    returning seq, visitor_id, visitor_seq, created_at,
      (select seq from msg) as message_seq, ${name} as author_name, ${avatar} as author_avatar,
      ${s.attachments} as attachments`;
}

const BATCH: Source = {
  organization: 'r.oid',
  conversation: 'r.cid',
  author: 'r.vid',
  clientId: 'r.client_id',
  preview: 'r.preview',
  id: 'r.mid',
  type: "'message'",
  body: 'r.body',
  createdAt: 'r.created_at',
  agentView: 'r.aview',
  visitorView: 'r.vview',
  system: 'null::jsonb',
  eventSeq: '(select o.event_seq from o where o.id = r.oid) - r.total + r.k',
  attachments: storedList('where att.conversation_id = conv.id'),
};

/**
 * Several visitors' messages as one statement, of one organization or of many: the visitor kind of
 * `appendStatement`, for each message of the batch, with each organization's sequence moved once by its share of
 * the batch. Parameters: one array per column, in the batch's order, the organization first.
 * - Every message is in its own conversation and from its own visitor (the group commit's `fits`), so each
 *   conversation and visitor row is updated once.
 * - Each conversation is looked up and locked by its primary key, one input row at a time, in id order (so that
 *   two batches do not deadlock; if one does, it is retried message by message). As a join, the generic plan
 *   scanned every open conversation of the organization.
 * - The organizations' rows are locked in id order too, after the conversations and attachments (the
 *   transactional path's order), then each is moved once: two batches with organizations in common queue on the
 *   first of them instead of deadlocking.
 * - A message whose conversation does not qualify (the common case's guard) is left out of the result, and the
 *   caller takes the transactional path for it.
 * - A repeated client id is not looked for: the unique key on (conversation, client id) refuses it, the batch
 *   rolls back, and each message is tried on its own.
 * - Attachments come as one JSON array of ids per message; a message with one that is not attachable is left out
 *   (and the transactional path says why).
 */
export const VISITOR_BATCH = (() => {
  const s = BATCH;
  const name = authorName('visitor', s.author, s.organization);
  const avatar = authorAvatar('visitor', s.author);
  return `
  with input as (
    select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::text[],
                         $8::timestamptz[], $9::jsonb[], $10::jsonb[], $11::jsonb[])
      with ordinality as i(oid, cid, vid, client_id, preview, mid, body, created_at, aview, vview, atts, n)
  ), c0 as (
    select c.id from (select oid, cid, vid from input order by cid) i
    cross join lateral (
      select c.id from conversations c
      where c.id = i.cid and c.organization_id = i.oid and c.visitor_id = i.vid and c.status in ${TAKES_VISITOR_MESSAGE_AS_IS}
        and ${acceptsPublicMessagesSql('c')}
      for update
    ) c
  ), a0 as (
    select a.id, i.cid, x.pos from input i
    join c0 on c0.id = i.cid
    cross join lateral jsonb_array_elements_text(i.atts) with ordinality as x(aid, pos)
    join attachments a on a.id = x.aid::uuid
    where ${attachable('a', 'i.oid', 'visitor', 'i.vid')}
    order by a.id
    for update of a
  ), r as (
    select i.*, row_number() over (partition by i.oid order by i.n) as k, count(*) over (partition by i.oid) as total
    from input i join c0 on c0.id = i.cid
    where (select count(distinct a0.id) from a0 where a0.cid = i.cid) = jsonb_array_length(i.atts)
  ), locked as (
    select og.id from organizations og where og.id in (select oid from r) order by og.id for update
  ), o as (
    update organizations og set event_seq = og.event_seq + n.total
    from (select oid, count(*) as total from r group by oid) n
    where og.id = n.oid and og.id in (select id from locked)
    returning og.id, og.event_seq
  ), conv as (
    update conversations c set ${conversationEffects('visitor', s)}
    from r where c.id = r.cid
    returning c.id, c.visitor_id, c.last_message_seq as seq
  ), att as (
    update attachments a set message_id = r.mid, conversation_id = r.cid, position = a0.pos, attached_at = now()
    from a0 join r on r.cid = a0.cid join conv on conv.id = r.cid
    where a.id = a0.id
    returning a.*
  ), msg as (
    insert into messages (id, organization_id, conversation_id, seq, client_id, type, author_type, author_id, body, created_at, system, attachments, email_auth)
    select ${s.id}, ${s.organization}, conv.id, conv.seq, ${s.clientId}, ${s.type}, 'visitor', ${s.author}, ${s.body},
      ${s.createdAt}, ${s.system}, ${s.attachments}, ${emailAuthOf(s)}
    from conv join r on r.cid = conv.id
  ), v as (
    update visitors vs set event_seq = vs.event_seq + 1
    from conv join r on r.cid = conv.id where vs.id = conv.visitor_id and vs.organization_id = r.oid
    returning vs.id, vs.event_seq
  )
  insert into events (organization_id, seq, type, conversation_id, payload, visitor_id, visitor_seq, visitor_payload)
  select r.oid, ${s.eventSeq}, 'message.created', conv.id, ${fill(s.agentView, 'conv.seq', name, avatar, s.attachments)},
    conv.visitor_id, v.event_seq, ${fill(s.visitorView, 'conv.seq', name, avatar, s.attachments)}
  from conv join r on r.cid = conv.id join v on v.id = conv.visitor_id
  returning conversation_id, seq, visitor_id, visitor_seq, created_at,
    (payload->>'seq')::int as message_seq, payload->'author'->>'name' as author_name, null::text as author_avatar,
    payload->'attachments' as attachments`;
})();

/** What a statement answers for one message. */
export type AppendedRow = {
  seq: string | number;
  visitor_id: string | null;
  visitor_seq: string | number | null;
  created_at: Date | string;
  message_seq: number;
  author_name: string | null;
  author_avatar: string | null;
  attachments: StoredAttachment[];
};

/** A message before the statement: its id, time and both views, from the presenter (the one definition of a message's shape). */
export interface Draft<I extends MessageDraftInput = MessageDraftInput> {
  input: I;
  kind: AppendKind;
  id: string;
  createdAt: Date;
  preview: string;
  agentDraft: MessageView;
  visitorDraft: MessageView | null;
}

export function draftOf<I extends MessageDraftInput>(input: I): Draft<I> {
  const id = randomUUID();
  const createdAt = new Date();
  const row: MessageRow = {
    id,
    organizationId: input.organizationId,
    conversationId: input.conversationId,
    seq: 0,
    clientId: input.clientId,
    type: input.type,
    authorType: input.author.type,
    authorId: input.author.id,
    body: input.body,
    system: input.system ?? null,
    attachments: [],
    emailAuth: input.emailAuth ?? null,
    createdAt,
  };
  return {
    input,
    kind: appendKind(input),
    id,
    createdAt,
    preview: preview(input.body, input.attachmentIds?.length ?? 0),
    agentDraft: presentMessage(row, null),
    visitorDraft: presentMessageForVisitor(row, null),
  };
}

/** The single statement's parameters, in the order `appendStatement` documents. */
export const parametersOf = (d: Draft): unknown[] => [
  d.input.conversationId,
  d.input.organizationId,
  d.input.author.id,
  d.input.clientId,
  d.preview,
  d.id,
  d.input.type,
  d.input.body,
  d.createdAt.toISOString(),
  JSON.stringify(d.agentDraft),
  d.visitorDraft ? JSON.stringify(d.visitorDraft) : null,
  d.input.system ? JSON.stringify(d.input.system) : null,
  d.input.attachmentIds ?? [],
];

/** The batch statement's parameters (`VISITOR_BATCH`): one array per column, in the batch's order. */
export const batchParametersOf = (ds: Draft[]): unknown[] => [
  ds.map((d) => d.input.organizationId),
  ds.map((d) => d.input.conversationId),
  ds.map((d) => d.input.author.id),
  ds.map((d) => d.input.clientId),
  ds.map((d) => d.preview),
  ds.map((d) => d.id),
  ds.map((d) => d.input.body),
  ds.map((d) => d.createdAt.toISOString()),
  ds.map((d) => JSON.stringify(d.agentDraft)),
  ds.map((d) => JSON.stringify(d.visitorDraft)),
  ds.map((d) => JSON.stringify(d.input.attachmentIds ?? [])),
];

/** The answer to its caller and the event to announce, completed with what the statement filled in. */
export function complete(
  d: Draft,
  row: AppendedRow,
): { agentView: MessageView; visitorView: MessageView | null; event: RecordedEvent } {
  // The statement stored the drafts with these filled in; the same values complete the copies kept here, so the
  // payloads need not travel back from the database.
  const completed = (view: MessageView): MessageView => ({
    ...view,
    seq: row.message_seq,
    author: { ...view.author, name: row.author_name, avatarUrl: row.author_avatar },
    attachments: row.attachments,
  });
  const agentView = completed(d.agentDraft);
  const visitorView = d.visitorDraft ? completed(d.visitorDraft) : null;
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
  return { agentView, visitorView, event };
}

/** A statement written with `$n` parameters, bound for the query builder (the transactional path runs it in its transaction). */
export function bind(text: string, values: unknown[]): SQL {
  const chunks: SQL[] = [];
  let at = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(at, m.index)), sql`${sql.param(values[Number(m[1]) - 1])}`);
    at = m.index + m[0].length;
  }
  chunks.push(sql.raw(text.slice(at)));
  return sql.join(chunks);
}
