/**
 * Privacy policy §7, "Your rights", for the people who chat on a customer's site: access, portability,
 * rectification, erasure and restriction, through the public API and real PostgreSQL. Each test names the
 * sentence it proves. After each erasure a dump of the whole database holds none of the person's traces.
 */
import { ZVisitorExport } from '@oceras/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDumpWithout } from '../database-dump.js';
import { type ExpoPushServer, startExpoPushServer } from '../expo-push-server.js';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer } from '../helpers.js';
import { download, identifiedVisitor, visitorTraces } from './rights-people.js';

let server: TestServer;
let expo: ExpoPushServer;
beforeAll(async () => {
  expo = await startExpoPushServer();
  server = await startTestServer({
    TRUST_PROXY: '1',
    EXPO_BASE_URL: expo.url,
    PUSH_POLL_MS: '100',
    // A push Expo refused waits ten minutes: it stays queued, title and body included, for the erasure to find.
    PUSH_RETRY_BASE_MS: '600000',
    PUSH_RECEIPT_DELAY_MS: '0',
  });
});
afterAll(async () => {
  await server?.close();
  await expo?.close();
});

let tokens = 0;
const pushToken = () => `ExponentPushToken[rights${Date.now().toString(36)}${tokens++}]`;

/** An organization, an agent of it, and a visitor who wrote twice in two conversations and got a reply and a note. */
async function scene() {
  const org = await buildOrganization(server);
  const colleague = await buildAgent(server, org, 'agent');
  const visitor = await identifiedVisitor(server, org.organization.widgetKey);
  await visitor.say(visitor.conversation.id);
  const second = await visitor.start();
  const reply = `Sorry ${visitor.name}, we are on it`;
  await org.api.call('sendMessage', {
    params: { id: visitor.conversation.id },
    body: { clientId: `reply-${Date.now()}`, body: reply },
  });
  const note = `internal: refund ${visitor.email}`;
  await colleague.api.call('sendMessage', {
    params: { id: visitor.conversation.id },
    body: { clientId: `note-${Date.now()}`, body: note, type: 'note' },
  });
  return { org, colleague, visitor, second, reply, note };
}

describe('§7 Access and Portability', () => {
  it('§7 Access — GET /api/v1/visitors/:id/export gives an admin every kept datum of the visitor, streamed as a download', async () => {
    const { org, visitor, second, reply, note } = await scene();
    // Custom fields' values (issue 18): the contact's, and each conversation's.
    await org.api.call('createCustomField', { body: { entity: 'contact', key: 'plan', label: 'Plan', type: 'text' } });
    await org.api.call('createCustomField', {
      body: { entity: 'conversation', key: 'units', label: 'Units', type: 'number' },
    });
    await org.api.call('setVisitorFields', { params: { id: visitor.id }, body: { values: { plan: 'Gold' } } });
    await org.api.call('setConversationFields', { params: { id: second.id }, body: { values: { units: 3 } } });
    const { res, json } = await download(server, `/api/v1/visitors/${visitor.id}/export`, org.accessToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="oceras-visitor-${visitor.id}.json"`);
    // Sent as it is read, not built and measured first.
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('content-length')).toBeNull();
    const doc = ZVisitorExport.parse(json);
    expect(doc.visitor).toMatchObject({
      id: visitor.id,
      name: visitor.name,
      email: visitor.email,
      isRestricted: false,
      customFields: { plan: 'Gold' },
    });
    expect(doc.conversations.find((c) => c.id === second.id)?.customFields).toEqual({ units: 3 });
    expect(doc.network).toEqual([{ ip: visitor.ip, userAgent: visitor.userAgent, seenAt: expect.any(String) }]);
    expect(doc.organization.name).toBe(org.organization.name);
    expect(doc.conversations.map((c) => c.id).sort()).toEqual([visitor.conversation.id, second.id].sort());
    const bodies = doc.conversations.flatMap((c) => c.messages.map((m) => m.body));
    expect(bodies.sort()).toEqual([...visitor.words, reply].sort());
    // Public messages only: the note about them stays among agents.
    expect(JSON.stringify(doc)).not.toContain(note);
    expect(doc.sessions).toHaveLength(1);
    expect(doc.consents).toEqual([]);
    expect(doc.attachments).toEqual([]);
  });

  it('§7 Portability — the visitor downloads the same machine-readable document from the widget (GET /api/v1/widget/export)', async () => {
    const { org, visitor } = await scene();
    const mine = await download(server, '/api/v1/widget/export', visitor.token);
    const theirs = await download(server, `/api/v1/visitors/${visitor.id}/export`, org.accessToken);
    const strip = (d: unknown) => ({ ...ZVisitorExport.parse(d), exportedAt: null, notes: null });
    expect(strip(mine.json)).toEqual(strip(theirs.json));
    // Agents' notes about the contact are in the admin's copy only (as the conversations' internal notes are).
    expect(ZVisitorExport.parse(mine.json).notes).toBeUndefined();
    expect(ZVisitorExport.parse(theirs.json).notes).toEqual([]);
    expect(mine.res.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('§7 Access — only admins export a visitor, and only their own organization’s', async () => {
    const { org, colleague, visitor } = await scene();
    const other = await buildOrganization(server);
    await expectError(colleague.api.call('exportVisitor', { params: { id: visitor.id } }), 403, 'FORBIDDEN');
    await expectError(other.api.call('exportVisitor', { params: { id: visitor.id } }), 404, 'NOT_FOUND');
    expect((await download(server, `/api/v1/visitors/${visitor.id}/export`, org.accessToken)).res.status).toBe(200);
  });
});

describe('§7 Rectification', () => {
  it('§7 Rectification — an agent corrects a visitor’s name and email (PATCH /api/v1/visitors/:id) and every inbox shows it', async () => {
    const { colleague, visitor, org } = await scene();
    const detail = await colleague.api.call('updateVisitor', {
      params: { id: visitor.id },
      body: { name: 'Quenby Corrected', email: 'QUENBY.CORRECTED@rights.test' },
    });
    expect(detail).toMatchObject({ name: 'Quenby Corrected', email: 'quenby.corrected@rights.test' });
    const conv = await org.api.call('getConversation', { params: { id: visitor.conversation.id } });
    expect(conv.visitor).toEqual({
      id: visitor.id,
      name: 'Quenby Corrected',
      email: 'quenby.corrected@rights.test',
      isErased: false,
    });
    const cleared = await colleague.api.call('updateVisitor', { params: { id: visitor.id }, body: { email: null } });
    expect(cleared).toMatchObject({ name: 'Quenby Corrected', email: null });
    await expectError(colleague.api.call('updateVisitor', { params: { id: visitor.id }, body: {} }), 400);
  });
});

describe('§7 Erasure', () => {
  it("§7 Erasure — DELETE /api/v1/visitors/:id leaves none of the visitor's data", async () => {
    const { org, visitor, second, reply, note } = await scene();
    const kept = await identifiedVisitor(server, org.organization.widgetKey);
    // A push about the visitor's next message that Expo refused: it waits, title (their name) and body included.
    await org.api.call('registerDevice', { body: { token: pushToken(), platform: 'ios', appVersion: '1.0.0' } });
    expo.fail({ status: 503 });
    await visitor.say(second.id);
    await expect.poll(() => expo.requests.filter((r) => r.answered === 503).length).toBeGreaterThan(0);
    await server.push.settle();
    // Each on its own connection, as a visitor's browser and an agent's app are (closing one closes its connection).
    const live = io(`${server.baseUrl}/visitor`, {
      forceNew: true,
      transports: ['websocket'],
      auth: { sessionToken: visitor.token },
    });
    await new Promise((r) => live.once('session.ready', r));
    const agentSocket = io(`${server.baseUrl}/agent`, {
      forceNew: true,
      transports: ['websocket'],
      auth: { token: org.accessToken },
    });
    const told: { event: string; data: any }[] = [];
    agentSocket.onAny((event, e) => told.push({ event, data: e?.data }));
    await new Promise((r) => agentSocket.once('session.ready', r));
    // What contacts add (issue 18): a phone, a company, a note about them, the browser's time zone, and the page (and
    // its title) a conversation was started from.
    const contact = { phone: `+33 7${Date.now()}`.slice(0, 20), company: `Erasable ${visitor.email} SA` };
    await org.api.call('updateVisitor', { params: { id: visitor.id }, body: contact });
    const contactNote = `contact note about ${visitor.email}`;
    await org.api.call('createVisitorNote', { params: { id: visitor.id }, body: { body: contactNote } });
    await org.api.call('updateOrganization', { body: { widgetSettings: { allowedDomains: ['shop.rights.test'] } } });
    const startPage = { pageUrl: `https://shop.rights.test/${visitor.id}`, pageTitle: `Page of ${visitor.name}` };
    const timeZone = `Erasable/Zone_${visitor.id.slice(0, 8)}`;
    await visitor.api.call('createWidgetSession', {
      body: { widgetKey: org.organization.widgetKey, sessionToken: visitor.token, ...startPage, timeZone },
    });
    const third = await visitor.start();
    // Custom fields (issue 18): a contact field and a conversation field hold values about them.
    await org.api.call('createCustomField', {
      body: { entity: 'contact', key: 'loyalty_id', label: 'Loyalty id', type: 'text' },
    });
    await org.api.call('createCustomField', {
      body: { entity: 'conversation', key: 'order_ref', label: 'Order', type: 'text' },
    });
    const fieldTraces = { contactField: `LOY-${visitor.id}`, conversationField: `ORDER-${visitor.id}` };
    await org.api.call('setVisitorFields', {
      params: { id: visitor.id },
      body: { values: { loyalty_id: fieldTraces.contactField } },
    });
    await org.api.call('setConversationFields', {
      params: { id: third.id },
      body: { values: { order_ref: fieldTraces.conversationField } },
    });
    const traces = {
      ...fieldTraces,
      ...visitorTraces(visitor),
      reply,
      note,
      ...contact,
      contactNote,
      ...startPage,
      timeZone,
    };
    // Every trace is there before (the queued push's title is the visitor's name): the search below would find it.
    await expectDumpWithout(server.databaseUrl, {}, traces);

    expect(await org.api.call('eraseVisitor', { params: { id: visitor.id } })).toEqual({ ok: true });

    await expectDumpWithout(server.databaseUrl, traces, {
      'another visitor': kept.name,
      "another visitor's words": kept.words[0]!,
    });
    // The session ends at once, on the socket too; agents are told to drop what they hold.
    await expect.poll(() => live.connected).toBe(false);
    await expectError(visitor.api.call('listVisitorConversations'), 401);
    await expect
      .poll(() => told.find((t) => t.event === 'visitor.erased')?.data)
      .toEqual({ visitorId: visitor.id, conversationIds: [visitor.conversation.id, second.id, third.id].sort() });
    // The shells stay for the counts, resolved and empty, under an erased visitor.
    const shell = await org.api.call('getConversation', { params: { id: visitor.conversation.id } });
    expect(shell).toMatchObject({ status: 'resolved', lastMessagePreview: null, subject: null });
    expect(shell.visitor).toEqual({ id: visitor.id, name: null, email: null, isErased: true });
    const page = await org.api.call('listMessages', { params: { id: visitor.conversation.id } });
    expect(page.messages).toEqual([]);
    const detail = await org.api.call('getVisitor', { params: { id: visitor.id } });
    expect(detail).toMatchObject({ name: null, email: null, userAgent: null, erasedAt: expect.any(String) });
    // A client replaying the organization's stream from the start gets every number, and nothing of the visitor.
    const replay = io(`${server.baseUrl}/agent`, {
      forceNew: true,
      transports: ['websocket'],
      auth: { token: org.accessToken, lastSeq: 0 },
    });
    const replayed: { event: string; seq: number; data: unknown }[] = [];
    replay.onAny((event, e) => {
      if (typeof e?.seq === 'number' && event !== 'session.ready') replayed.push({ event, seq: e.seq, data: e.data });
    });
    const head = await new Promise<number>((r) => replay.once('session.ready', (p: { seq: number }) => r(p.seq)));
    expect(replayed.map((e) => e.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(replayed.filter((e) => e.event === 'event.erased').every((e) => JSON.stringify(e.data) === '{}')).toBe(true);
    for (const trace of Object.values(traces)) expect(JSON.stringify(replayed)).not.toContain(trace);
    replay.disconnect();
    // Erasing again changes nothing.
    expect(await org.api.call('eraseVisitor', { params: { id: visitor.id } })).toEqual({ ok: true });
    live.disconnect();
    agentSocket.disconnect();
  });

  it('§7 Erasure — the visitor deletes their own conversations from the widget (DELETE /api/v1/widget/visitor) and nothing of them is left', async () => {
    const { org, visitor, reply } = await scene();
    expect(await visitor.api.call('eraseWidgetVisitor')).toEqual({ ok: true });
    await expectDumpWithout(
      server.databaseUrl,
      { ...visitorTraces(visitor), reply },
      { organization: org.organization.slug },
    );
    await expectError(visitor.api.call('exportWidgetVisitor'), 401);
    // Coming back later starts afresh: the old token names nobody.
    const again = await server
      .client()
      .call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey, sessionToken: visitor.token } });
    expect(again.isResumed).toBe(false);
    expect(again.visitorId).not.toBe(visitor.id);
  });

  it('§7 Erasure — only admins erase a visitor, and only their own organization’s', async () => {
    const { colleague, visitor } = await scene();
    const other = await buildOrganization(server);
    await expectError(colleague.api.call('eraseVisitor', { params: { id: visitor.id } }), 403, 'FORBIDDEN');
    await expectError(other.api.call('eraseVisitor', { params: { id: visitor.id } }), 404, 'NOT_FOUND');
    expect((await visitor.api.call('listVisitorConversations')).conversations).toHaveLength(2);
  });
});

describe('§7 Objection / restriction', () => {
  it("§7 Objection — restriction: a restricted visitor's messages are kept but pushed to nobody, and lifting it resumes", async () => {
    const org = await buildOrganization(server);
    const token = pushToken();
    await org.api.call('registerDevice', { body: { token, platform: 'android', appVersion: '1.0.0' } });
    const objecting = await identifiedVisitor(server, org.organization.widgetKey);
    const other = await identifiedVisitor(server, org.organization.widgetKey);
    await expect.poll(() => expo.acceptedFor(token).length).toBe(2);

    const set = await org.api.call('setVisitorRestriction', {
      params: { id: objecting.id },
      body: { isRestricted: true },
    });
    expect(set).toEqual({ isRestricted: true, restrictedAt: expect.any(String) });
    await objecting.say(objecting.conversation.id);
    await other.say(other.conversation.id);
    // The other visitor's later message arriving proves the restricted one's was passed over, not delayed.
    await expect.poll(() => expo.acceptedFor(token).map((p) => p.body)).toContain(other.words[1]);
    expect(expo.acceptedFor(token).map((p) => p.body)).not.toContain(objecting.words[1]);
    // Their data stays: agents still read it.
    const page = await org.api.call('listMessages', { params: { id: objecting.conversation.id } });
    expect(page.messages.map((m) => m.body)).toContain(objecting.words[1]);
    expect((await org.api.call('getVisitor', { params: { id: objecting.id } })).isRestricted).toBe(true);

    await org.api.call('setVisitorRestriction', { params: { id: objecting.id }, body: { isRestricted: false } });
    await objecting.say(objecting.conversation.id);
    await expect.poll(() => expo.acceptedFor(token).map((p) => p.body)).toContain(objecting.words[2]);
  });
});
