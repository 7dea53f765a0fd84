/**
 * A message is stored by one of three paths: the one statement (append-fast.ts), the batch statement for visitors
 * who write together, and the transactional path (append-message.ts). They are built from one definition
 * (append-statement.ts); this proves it: the same conversation, sent through each path in its own organization,
 * leaves the same rows everywhere a message writes (conversations, messages, events with both audiences' payloads,
 * read cursors, visitors' and organizations' sequences, the inbox counters, the attachments), ids and times aside.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TEmailAuth } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { files, put } from '../../../test/attachments-kit.js';
import { buildOrganization, startTestServer, type TestServer } from '../../../test/helpers.js';
import { query } from '../../db/client.js';
import { appendMessageFast, type FastAppendInput, unsafeAppendVisitorBatch } from './append-fast.js';
import { sendMessage } from './send-message.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'oceras-paths-')) });
});
afterAll(async () => {
  await server?.close();
});

/** An organization with an agent and two visitors, each with an empty conversation, built the same way each time. */
async function world() {
  const org = await buildOrganization(server);
  // Replies take the one statement only when they assign nothing; assign-on-reply is a change, not a message.
  await org.api.call('updateOrganization', { body: { autoAssignOnReply: false } });
  const visitors = [];
  for (const name of ['Ann', 'Ben']) {
    const session = await server.client().call('createWidgetSession', {
      body: { widgetKey: org.organization.widgetKey, name },
    });
    const conv = await server
      .client(session.sessionToken)
      .call('startConversation', { body: { clientId: `conv-${name}` } });
    visitors.push({ visitorId: session.visitorId, conversationId: conv.id, api: server.client(session.sessionToken) });
  }
  // Files to attach: two of Ann's, one of Ben's, and the agent's for a note (not images: a thumbnail would come
  // in the background, at a time of its own).
  const upload = async (
    api: typeof org.api,
    route: 'createUpload' | 'createVisitorUpload',
    name: string,
    bytes: Buffer,
  ) => {
    const type = name.endsWith('.pdf') ? 'application/pdf' : 'text/plain';
    const u = await api.call(route, { body: { fileName: name, contentType: type, size: bytes.length } });
    expect((await put(server, u, bytes)).status).toBe(204);
    return u.attachmentId;
  };
  const uploads = {
    ann: [
      await upload(visitors[0]!.api, 'createVisitorUpload', 'notes.txt', files.text('Ann')),
      await upload(visitors[0]!.api, 'createVisitorUpload', 'scan.pdf', files.pdf()),
    ],
    ben: [await upload(visitors[1]!.api, 'createVisitorUpload', 'ben.txt', files.text('Ben'))],
    agent: [await upload(org.api, 'createUpload', 'invoice.pdf', files.pdf())],
  };
  // What differs between the worlds by construction: the factory names each organization and admin uniquely.
  const own = new Map([
    [org.organization.name, 'organization name'],
    [org.organization.slug, 'slug'],
    [org.organization.widgetKey, 'widget key'],
    [org.agent.name, 'admin name'],
  ]);
  return { organizationId: org.organization.id, agentId: org.agent.id, visitors, own, uploads };
}
type World = Awaited<ReturnType<typeof world>>;

type Path = 'fast' | 'batch' | 'full';
const fromVisitor = (
  w: World,
  i: number,
  body: string,
  attachmentIds: string[] = [],
  emailAuth: TEmailAuth | null = null,
): FastAppendInput => ({
  organizationId: w.organizationId,
  conversationId: w.visitors[i]!.conversationId,
  author: { type: 'visitor', id: w.visitors[i]!.visitorId },
  type: 'message',
  body,
  clientId: randomUUID(),
  attachmentIds,
  emailAuth,
});
/** Ben's reply by email, as a trusted relay authenticated it (inbound email: agents' view and the row only). */
const EMAIL_AUTH: TEmailAuth = { authservId: 'mx.example.test', spf: 'pass', dkim: 'fail' };
const fromAgent = (
  w: World,
  i: number,
  body: string,
  type: 'message' | 'note',
  attachmentIds: string[] = [],
): FastAppendInput => ({
  organizationId: w.organizationId,
  conversationId: w.visitors[i]!.conversationId,
  author: { type: 'agent', id: w.agentId, mayChangeAny: true },
  type,
  body,
  clientId: randomUUID(),
  attachmentIds,
});

async function send(path: Path, input: FastAppendInput) {
  if (path === 'full')
    return sendMessage(server.services, { ...input, author: { type: input.author.type, id: input.author.id } });
  const out = await appendMessageFast(server.services, input);
  expect(out, 'the common case holds, so the one statement stored it').not.toBeNull();
  return out;
}

/**
 * The same conversation through one path: visitors together (with files), a reply, a note with a file, visitors
 * again (files alone), a long message.
 */
async function scenario(path: Path, w: World) {
  const together = [fromVisitor(w, 0, 'Hello from Ann', w.uploads.ann), fromVisitor(w, 1, 'Hello from Ben')];
  if (path === 'batch') {
    const rows = await unsafeAppendVisitorBatch(server.services, together);
    expect(
      rows.every((r) => r !== null),
      'both in one batch',
    ).toBe(true);
  } else for (const m of together) await send(path, m);
  await send(path, fromAgent(w, 0, 'Hi Ann, how can I help?', 'message'));
  await send(path, fromAgent(w, 0, 'VIP customer', 'note', w.uploads.agent));
  await send(path, fromAgent(w, 1, 'Hi Ben', 'message'));
  const again = [fromVisitor(w, 0, 'x'.repeat(200)), fromVisitor(w, 1, '', w.uploads.ben, EMAIL_AUTH)];
  if (path === 'batch') await unsafeAppendVisitorBatch(server.services, again);
  else for (const m of again) await send(path, m);
}

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}/;

/** Every row a message writes in this organization, ids as the order they first appear, times as "time". */
async function rowsOf(w: World) {
  const q = <T>(text: ReturnType<typeof sql>) => query<T>(server.services.db, text);
  const org = w.organizationId;
  const dump = {
    organization: await q(sql`select event_seq, conversation_counter from organizations where id = ${org}`),
    visitors: await q(sql`select name, event_seq from visitors where organization_id = ${org} order by name`),
    conversations: await q(sql`select * from conversations where organization_id = ${org} order by number`),
    messages: await q(sql`select m.* from messages m join conversations c on c.id = m.conversation_id
                          where m.organization_id = ${org} order by c.number, m.seq`),
    events: await q(sql`select * from events where organization_id = ${org} order by seq`),
    cursors: await q(sql`select r.* from read_cursors r join conversations c on c.id = r.conversation_id
                         where r.organization_id = ${org} order by c.number`),
    counts: await q(sql`select status, assignee_id, n from conversation_counts where organization_id = ${org}
                        order by status, assignee_id`),
    attachments: await q(sql`select * from attachments where organization_id = ${org} order by file_name`),
  };
  const ids = new Map<string, string>();
  const normal = (v: unknown): unknown => {
    if (v instanceof Date) return 'time';
    if (typeof v === 'string') {
      if (w.own.has(v)) return w.own.get(v);
      if (TIME.test(v)) return 'time';
      // Ids, also inside strings (a file's storage key is `<organization>/<attachment>`).
      return v.replace(UUIDS, (id) => {
        if (!ids.has(id)) ids.set(id, `id${ids.size}`);
        return ids.get(id)!;
      });
    }
    if (Array.isArray(v)) return v.map(normal);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normal(x)]));
    return v;
  };
  // The client ids are random per path; they are stored as sent, which the message rows show.
  return normal(dump) as { [K in keyof typeof dump]: unknown[] };
}

it('the fast, batch and transactional paths write the same rows for the same messages', async () => {
  const worlds = { fast: await world(), batch: await world(), full: await world() };
  for (const path of ['fast', 'batch', 'full'] as const) await scenario(path, worlds[path]);
  const fast = await rowsOf(worlds.fast);
  const batch = await rowsOf(worlds.batch);
  const full = await rowsOf(worlds.full);
  expect(fast.messages).toHaveLength(7);
  expect(fast.events.filter((e) => (e as { type: string }).type === 'message.created')).toHaveLength(7);
  expect(fast.attachments, 'every upload attached').toHaveLength(4);
  expect(JSON.stringify(fast.attachments)).not.toContain('"message_id":null');
  // The email's authentication is on its row and the agents' payload, never the visitor's.
  expect(fast.messages.map((m) => (m as { email_auth: unknown }).email_auth).filter(Boolean)).toEqual([EMAIL_AUTH]);
  const emailed = fast.events.find((e) => (e as { payload: { emailAuth?: unknown } }).payload.emailAuth) as {
    payload: unknown;
    visitor_payload: unknown;
  };
  expect(emailed.payload).toMatchObject({ emailAuth: EMAIL_AUTH });
  expect(emailed.visitor_payload).not.toHaveProperty('emailAuth');
  expect(batch).toEqual(fast);
  expect(full).toEqual(fast);
});

it('one batch of several organizations writes each organization the rows of a batch of its own', async () => {
  const alone = await world();
  const [a, b] = [await world(), await world()];
  const first = (w: World) => [fromVisitor(w, 0, 'Hello from Ann', w.uploads.ann), fromVisitor(w, 1, 'Hello from Ben')];
  const [a0, a1] = first(a);
  const [b0, b1] = first(b);
  expect(await unsafeAppendVisitorBatch(server.services, first(alone))).not.toContain(null);
  // Interleaved, so that neither organization's messages come as one run.
  const rows = await unsafeAppendVisitorBatch(server.services, [b0!, a0!, b1!, a1!]);
  expect(
    rows.every((r) => r !== null),
    'all four in the one batch',
  ).toBe(true);
  const expected = await rowsOf(alone);
  expect(await rowsOf(a)).toEqual(expected);
  expect(await rowsOf(b)).toEqual(expected);
});
