import { randomUUID } from 'node:crypto';
import type { TMessage } from '@oceras/protocol';
import type { RecordedEvent } from '../../events/record-event.js';
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

/**
 * Parameters: $1 conversation, $2 organization, $3 author, $4 client id, $5 preview, $6 message id, $7 type,
 * $8 body, $9 created at, $10 agents' view, $11 visitor's view (null for a note). The views are the presenter's
 * output; the statement fills in the sequence it assigns and the author's current name and avatar.
 */
function appendStatement(variant: Variant): string {
  const isVisitor = variant === 'visitor';
  const isPublic = variant !== 'agent_note';
  const isReply = variant === 'agent_reply' || variant === 'agent_reply_any';
  const allowed = isVisitor
    ? `and c.visitor_id = $3 and c.status in ('open', 'pending')`
    : variant === 'agent_reply'
      ? 'and (c.assignee_id is null or c.assignee_id = $3)'
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
 * The common case of sending a message (an open conversation, a new client id, an author allowed to write) as
 * ONE statement, committed on its own. It does what appendMessage + recordEvent do in a transaction of six round
 * trips, but the organization's row lock, which orders the organization's events, is now held only for the end
 * of one statement and its commit instead of across several round trips through the event loop: under load
 * that lock was the whole throughput of an organization (docs/PERFORMANCE.md, "what the profile changed").
 *
 * Lock order is the transactional path's: conversation (FOR UPDATE, which re-checks the conditions on the
 * newest row version), organization, visitor. Answers null when the common case does not hold, and then the
 * caller takes the transactional path, which explains why (404, 403), reopens a resolved conversation, or
 * returns the message stored under a repeated client id.
 */
export async function appendMessageFast(
  services: Pick<Services, 'prepared' | 'bus'>,
  input: FastAppendInput,
): Promise<{ agentView: TMessage; visitorView: TMessage | null } | null> {
  const { organizationId: org, conversationId: cid, author } = input;
  const isVisitor = author.type === 'visitor';
  const id = randomUUID();
  const createdAt = new Date();
  // The presenter stays the one definition of a message's shape; the statement only fills in the sequence it
  // assigns and the author's current name.
  const draft: MessageRow = {
    id,
    organizationId: org,
    conversationId: cid,
    seq: 0,
    clientId: input.clientId,
    type: input.type,
    authorType: author.type,
    authorId: author.id,
    body: input.body,
    system: null,
    createdAt,
  };
  const agentDraft = presentMessage(draft, null);
  const visitorDraft = presentMessageForVisitor(draft, null);
  const text = preview(input.body);

  const variant: Variant = isVisitor
    ? 'visitor'
    : input.type === 'note'
      ? 'agent_note'
      : author.type === 'agent' && author.mayChangeAny
        ? 'agent_reply_any'
        : 'agent_reply';
  let rows: Row[];
  try {
    rows = await services.prepared<Row>(`oceras_append_${variant}`, STATEMENTS[variant], [
      cid,
      org,
      author.id,
      input.clientId,
      text,
      id,
      input.type,
      input.body,
      createdAt.toISOString(),
      JSON.stringify(agentDraft),
      visitorDraft ? JSON.stringify(visitorDraft) : null,
    ]);
  } catch (err) {
    // The same client id sent twice at the same moment: the loser's statement rolled back whole.
    const e = err as { code?: string; cause?: { code?: string } };
    if ((e.code ?? e.cause?.code) === '23505') return null;
    throw err;
  }
  const row = rows[0];
  if (!row) return null;
  // The statement stored the drafts with these filled in; the same values complete the copies kept here, so
  // the payloads need not travel back from the database.
  const complete = (view: TMessage): TMessage => ({
    ...view,
    seq: row.message_seq,
    author: { ...view.author, name: row.author_name, avatarUrl: row.author_avatar },
  });
  const agentView = complete(agentDraft);
  const visitorView = visitorDraft ? complete(visitorDraft) : null;
  const event: RecordedEvent = {
    organizationId: org,
    seq: Number(row.seq),
    type: 'message.created',
    conversationId: cid,
    payload: agentView,
    visitorId: row.visitor_id,
    visitorSeq: row.visitor_seq === null ? null : Number(row.visitor_seq),
    visitorPayload: visitorView,
    at: new Date(row.created_at).toISOString(),
  };
  services.bus.publish([event]);
  return { agentView, visitorView };
}
