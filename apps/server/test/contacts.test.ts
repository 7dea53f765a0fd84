/**
 * Contacts (issue 18) through the API against PostgreSQL: the list (search, filters, keyset pages), the contact's
 * fields, location and pages, notes (agents only), the manual merge (audited, refused with 409 where it must be),
 * and the CSV import and export (per-row errors, formula-safe cells, a file exported imports back).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { parseCsv, ZVisitorExport } from '@oceras/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
let org: Awaited<ReturnType<typeof buildOrganization>>;
let manager: Awaited<ReturnType<typeof buildAgent>>;
let agent: Awaited<ReturnType<typeof buildAgent>>;

beforeAll(async () => {
  server = await startTestServer();
  org = await buildOrganization(server);
  manager = await buildAgent(server, org, 'manager');
  agent = await buildAgent(server, org, 'agent');
  await org.api.call('updateOrganization', { body: { widgetSettings: { allowedDomains: ['shop.contacts.test'] } } });
});
afterAll(async () => {
  await server?.close();
});

let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

/** A visitor of `org` on a page of the shop, with one conversation started there. */
async function visitorWithConversation(body: Record<string, unknown> = {}, widgetKey = org.organization.widgetKey) {
  const session = await server.client().call('createWidgetSession', { body: { widgetKey, ...body } as never });
  const api = server.client(session.sessionToken);
  const conv = await api.call('startConversation', {
    body: { clientId: `c-${uid()}`, message: { clientId: `m-${uid()}`, body: 'hello from the shop' } },
  });
  return { session, api, conv, id: session.visitorId };
}

/** The CSV export, fetched raw. */
async function exportCsv(token: string) {
  const res = await fetch(`${server.baseUrl}/api/v1/visitors/export.csv`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { res, text: await res.text() };
}

describe('a contact', () => {
  it('shows where the visitor is from their browser (time zone, language), their browser, and the page of each conversation', async () => {
    const v = await visitorWithConversation({
      name: 'Paris Shopper',
      locale: 'fr',
      timeZone: 'Europe/Paris',
      pageUrl: 'https://shop.contacts.test/pricing?plan=pro',
      pageTitle: 'Pricing · Shop',
    });
    const detail = await agent.api.call('getVisitor', { params: { id: v.id } });
    expect(detail).toMatchObject({ name: 'Paris Shopper', timeZone: 'Europe/Paris', locale: 'fr', phone: null });
    expect(detail.conversations).toEqual([
      expect.objectContaining({
        id: v.conv.id,
        pageUrl: 'https://shop.contacts.test/pricing?plan=pro',
        pageTitle: 'Pricing · Shop',
        createdAt: expect.any(String),
      }),
    ]);
    // A page outside the allowed domains is not kept, nor its title; a later conversation keeps the page of then.
    const elsewhere = await visitorWithConversation({
      pageUrl: 'https://phishing.contacts.test/login',
      pageTitle: 'Log in',
    });
    const other = await agent.api.call('getVisitor', { params: { id: elsewhere.id } });
    expect(other.conversations[0]).toMatchObject({ pageUrl: null, pageTitle: null });
    await expectError(
      server.client().call('createWidgetSession', {
        body: { widgetKey: org.organization.widgetKey, timeZone: 'Europe/Paris; drop table' },
      }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('is edited by any agent: phone, company, custom attributes (merged, null removes); audited by field name only', async () => {
    const v = await visitorWithConversation({ name: 'Edit Me' });
    const edited = await agent.api.call('updateVisitor', {
      params: { id: v.id },
      body: { phone: '+33 1 23 45 67 89', company: 'Acme SARL', customAttributes: { plan: 'pro', seats: 3 } },
    });
    expect(edited).toMatchObject({
      name: 'Edit Me',
      phone: '+33 1 23 45 67 89',
      company: 'Acme SARL',
      customAttributes: { plan: 'pro', seats: 3 },
    });
    const again = await agent.api.call('updateVisitor', {
      params: { id: v.id },
      body: { phone: null, customAttributes: { seats: null, tier: 'gold' } },
    });
    expect(again).toMatchObject({ phone: null, company: 'Acme SARL', customAttributes: { plan: 'pro', tier: 'gold' } });
    for (const body of [{ phone: 'call me' }, { company: '' }, { customAttributes: { 'bad key': 1 } }, { phone: 12 }])
      await expectError(
        agent.api.call('updateVisitor', { params: { id: v.id }, body: body as never }),
        400,
        'VALIDATION_FAILED',
      );
    const tooMany = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    await expectError(
      agent.api.call('updateVisitor', { params: { id: v.id }, body: { customAttributes: tooMany } }),
      400,
      'VALIDATION_FAILED',
    );
    const { entries } = await org.api.call('listAuditLog', { query: { targetId: v.id } });
    const rectified = entries.filter((e) => e.action === 'visitor.rectified');
    expect(rectified.map((e) => e.details.fields)).toEqual([
      ['phone', 'customAttributes'],
      ['phone', 'company', 'customAttributes'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('Acme');
  });
});

describe('the contacts list', () => {
  it('searches name, email, phone and company (a part, any case), filters, and pages by keyset without repeats', async () => {
    const tag = uid();
    const a = await visitorWithConversation({ name: `Zoé ${tag}`, email: `zoe.${tag}@contacts.test` });
    const b = await visitorWithConversation({ name: `Bob ${tag}` });
    await agent.api.call('updateVisitor', {
      params: { id: b.id },
      body: { company: `Initech ${tag}`, phone: '+1 555 0100' },
    });
    const search = async (q: string, filter?: 'with-email' | 'anonymous' | 'identified') =>
      (await agent.api.call('listVisitors', { query: { q, ...(filter ? { filter } : {}) } })).visitors.map((v) => v.id);
    expect((await search(tag)).sort()).toEqual([a.id, b.id].sort());
    expect(await search(`zoé ${tag}`)).toEqual([a.id]);
    expect(await search(`initech ${tag}`.toUpperCase())).toEqual([b.id]);
    expect(await search(`${tag}@contacts`)).toEqual([a.id]);
    expect(await search(tag, 'with-email')).toEqual([a.id]);
    expect(await search(tag, 'identified')).toEqual([]);
    // LIKE wildcards are taken literally.
    expect(await search('%')).toEqual([]);
    const row = (await agent.api.call('listVisitors', { query: { q: tag } })).visitors.find((v) => v.id === b.id);
    expect(row).toMatchObject({
      company: `Initech ${tag}`,
      phone: '+1 555 0100',
      conversationCount: 1,
      isErased: false,
    });

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 50; i++) {
      const page = await agent.api.call('listVisitors', { query: { limit: 2, ...(cursor ? { cursor } : {}) } });
      seen.push(...page.visitors.map((v) => v.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([a.id, b.id]));
    await expectError(agent.api.call('listVisitors', { query: { cursor: 'bm90LWEtY3Vyc29y' } }), 400);
  });

  it("never lists another organization's contacts", async () => {
    const other = await buildOrganization(server);
    const tag = uid();
    await visitorWithConversation({ name: `Hidden ${tag}` });
    expect((await other.api.call('listVisitors', { query: { q: tag } })).visitors).toEqual([]);
    await expectError(other.api.call('getVisitor', { params: { id: (await visitorWithConversation()).id } }), 404);
  });
});

describe('notes about a contact', () => {
  it('are written and read by agents, deleted by their author or a manager, never shown to the visitor', async () => {
    const v = await visitorWithConversation({ name: 'Noted' });
    const secret = `prefers phone calls ${uid()}`;
    const note = await agent.api.call('createVisitorNote', { params: { id: v.id }, body: { body: ` ${secret} ` } });
    expect(note).toMatchObject({ body: secret, author: { id: agent.agent.id, name: agent.agent.name } });
    const colleague = await buildAgent(server, org, 'agent');
    expect((await colleague.api.call('listVisitorNotes', { params: { id: v.id } })).notes.map((x) => x.id)).toEqual([
      note.id,
    ]);
    await expectError(
      colleague.api.call('deleteVisitorNote', { params: { id: v.id, noteId: note.id } }),
      403,
      'FORBIDDEN',
    );
    // The visitor's own views and export hold no note.
    const own = await fetch(`${server.baseUrl}/api/v1/widget/export`, {
      headers: { authorization: `Bearer ${v.session.sessionToken}` },
    });
    expect(await own.text()).not.toContain(secret);
    const second = await colleague.api.call('createVisitorNote', { params: { id: v.id }, body: { body: 'second' } });
    expect(await colleague.api.call('deleteVisitorNote', { params: { id: v.id, noteId: second.id } })).toEqual({
      ok: true,
    });
    expect(await manager.api.call('deleteVisitorNote', { params: { id: v.id, noteId: note.id } })).toEqual({
      ok: true,
    });
    expect((await agent.api.call('listVisitorNotes', { params: { id: v.id } })).notes).toEqual([]);
    // The words are their author's: in the author's own export, while the note exists.
    const kept = await agent.api.call('createVisitorNote', { params: { id: v.id }, body: { body: `mine ${secret}` } });
    expect((await agent.api.call('exportMe')).contactNotes).toEqual([
      { id: kept.id, visitorId: v.id, body: `mine ${secret}`, createdAt: kept.createdAt },
    ]);
    await expectError(agent.api.call('createVisitorNote', { params: { id: v.id }, body: { body: '  ' } }), 400);
    const other = await buildOrganization(server);
    await expectError(other.api.call('listVisitorNotes', { params: { id: v.id } }), 404);
    await expectError(other.api.call('createVisitorNote', { params: { id: v.id }, body: { body: 'x' } }), 404);
  });
});

describe('merging two contacts', () => {
  it('moves conversations and notes, fills empty fields, deletes the merged one, and is audited', async () => {
    const keep = await visitorWithConversation({ name: 'Kept Person' });
    const dup = await visitorWithConversation({ email: `dup-${uid()}@contacts.test` });
    await agent.api.call('updateVisitor', {
      params: { id: dup.id },
      body: { company: 'Dup Co', customAttributes: { plan: 'free', from: 'dup' } },
    });
    await agent.api.call('updateVisitor', { params: { id: keep.id }, body: { customAttributes: { plan: 'pro' } } });
    const note = await agent.api.call('createVisitorNote', { params: { id: dup.id }, body: { body: 'on the dup' } });
    await expectError(
      agent.api.call('mergeVisitors', { params: { id: dup.id }, body: { intoVisitorId: keep.id } }),
      403,
      'FORBIDDEN',
    );
    const merged = await manager.api.call('mergeVisitors', {
      params: { id: dup.id },
      body: { intoVisitorId: keep.id },
    });
    expect(merged).toMatchObject({
      id: keep.id,
      name: 'Kept Person',
      email: expect.stringMatching(/^dup-/),
      company: 'Dup Co',
      customAttributes: { plan: 'pro', from: 'dup' },
    });
    expect(merged.conversations.map((c) => c.id).sort()).toEqual([keep.conv.id, dup.conv.id].sort());
    expect((await agent.api.call('listVisitorNotes', { params: { id: keep.id } })).notes.map((x) => x.id)).toEqual([
      note.id,
    ]);
    await expectError(agent.api.call('getVisitor', { params: { id: dup.id } }), 404);
    expect((await agent.api.call('getConversation', { params: { id: dup.conv.id } })).visitor.id).toBe(keep.id);
    // The merged visitor's browser starts over.
    await expectError(dup.api.call('listVisitorConversations'), 401);
    const { entries } = await org.api.call('listAuditLog', { query: { targetId: keep.id } });
    expect(entries.find((e) => e.action === 'visitor.merged')).toMatchObject({
      actor: { type: 'agent', id: manager.agent.id },
      details: { from: dup.id, conversations: 1, manual: true },
    });
  });

  it('refuses with 409 an erased contact, the same contact, and two different verified users; keeps one verified id', async () => {
    const { identitySecret } = await org.api.call('createIdentitySecret');
    const signed = (userId: string) =>
      visitorWithConversation({ userId, userHash: createHmac('sha256', identitySecret).update(userId).digest('hex') });
    const u1 = await signed(`u1-${uid()}`);
    const u2 = await signed(`u2-${uid()}`);
    const anon = await visitorWithConversation();
    const erased = await visitorWithConversation();
    await org.api.call('eraseVisitor', { params: { id: erased.id } });
    const refused = async (from: string, into: string) =>
      expectError(
        manager.api.call('mergeVisitors', { params: { id: from }, body: { intoVisitorId: into } }),
        409,
        'VISITORS_NOT_MERGEABLE',
      );
    await refused(u1.id, u2.id);
    await refused(anon.id, anon.id);
    await refused(erased.id, anon.id);
    await refused(anon.id, erased.id);
    await expectError(
      manager.api.call('mergeVisitors', { params: { id: anon.id }, body: { intoVisitorId: randomUUID() } }),
      404,
    );
    // A verified contact merged into an anonymous one: the kept one becomes that user, on every device.
    const userId = (await agent.api.call('getVisitor', { params: { id: u1.id } })).userId!;
    const kept = await manager.api.call('mergeVisitors', { params: { id: u1.id }, body: { intoVisitorId: anon.id } });
    expect(kept.userId).toBe(userId);
    const again = await server.client().call('createWidgetSession', {
      body: {
        widgetKey: org.organization.widgetKey,
        userId,
        userHash: createHmac('sha256', identitySecret).update(userId).digest('hex'),
      },
    });
    expect(again.visitorId).toBe(anon.id);
    // Another organization cannot merge into or from this one's contacts.
    const other = await buildOrganization(server);
    const theirs = await server
      .client()
      .call('createWidgetSession', { body: { widgetKey: other.organization.widgetKey } });
    await expectError(
      other.api.call('mergeVisitors', { params: { id: theirs.visitorId }, body: { intoVisitorId: anon.id } }),
      404,
    );
    await expectError(
      other.api.call('mergeVisitors', { params: { id: anon.id }, body: { intoVisitorId: theirs.visitorId } }),
      404,
    );
  });
});

describe('CSV', () => {
  it('imports by email: creates, updates, reports bad rows by line and imports the rest; managers only', async () => {
    const tag = uid();
    const existing = await visitorWithConversation({ email: `known-${tag}@contacts.test`, name: 'Known' });
    const csv = [
      'Email,Name,Phone,Company,plan,id',
      `known-${tag}@contacts.test,,+44 20 7946 0000,Known Ltd,gold,ignored`,
      `new-${tag}@contacts.test,"Doe, Jane",,"Quote ""Co""",silver,`,
      `not-an-email,Nobody,,,,`,
      `bad-phone-${tag}@contacts.test,Bad,call me,,,`,
      `'=cmd-${tag}@contacts.test,Formula,,,,`,
      '',
      `NEW-${tag}@contacts.test,Jane Doe,,,,`,
    ].join('\r\n');
    await expectError(agent.api.call('importVisitorsCsv', { body: { csv } }), 403, 'FORBIDDEN');
    const result = await manager.api.call('importVisitorsCsv', { body: { csv } });
    expect(result).toMatchObject({ created: 1, updated: 2, errorCount: 3 });
    expect(result.errors.map((e) => e.line)).toEqual([4, 5, 6]);
    expect(result.errors[1]!.message).toMatch(/^phone/);
    const known = await agent.api.call('getVisitor', { params: { id: existing.id } });
    expect(known).toMatchObject({
      name: 'Known',
      phone: '+44 20 7946 0000',
      company: 'Known Ltd',
      customAttributes: { plan: 'gold' },
    });
    const created = (await agent.api.call('listVisitors', { query: { q: `new-${tag}` } })).visitors;
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ name: 'Jane Doe', company: 'Quote "Co"', email: `new-${tag}@contacts.test` });
    const { entries } = await org.api.call('listAuditLog', { query: {} });
    expect(entries.find((e) => e.action === 'visitors.imported')?.details).toEqual({
      created: 1,
      updated: 2,
      errors: 3,
    });
  });

  it('refuses a malformed file whole: no email column, an unknown header, too many rows, too large', async () => {
    const before = (await agent.api.call('listVisitors', { query: { limit: 100 } })).visitors.length;
    for (const csv of ['name\nJane', 'email,not a key!\na@b.test,x', 'email,email\na@b.test,a@b.test'])
      await expectError(manager.api.call('importVisitorsCsv', { body: { csv } }), 400, 'VALIDATION_FAILED');
    const many = ['email', ...Array.from({ length: 5001 }, (_, i) => `many-${i}@contacts.test`)].join('\n');
    await expectError(manager.api.call('importVisitorsCsv', { body: { csv: many } }), 400, 'VALIDATION_FAILED');
    await expectError(
      manager.api.call('importVisitorsCsv', { body: { csv: `email\n${'a'.repeat(1_000_001)}` } }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await agent.api.call('listVisitors', { query: { limit: 100 } })).visitors.length).toBe(before);
  });

  it('exports every contact as formula-safe CSV (admins only, audited), and the file imports back unchanged', async () => {
    const own = await buildOrganization(server);
    const ownManager = await buildAgent(server, own, 'manager');
    const v = await visitorWithConversation({ name: '=HYPERLINK("http://evil.test")' }, own.organization.widgetKey);
    await own.api.call('updateVisitor', {
      params: { id: v.id },
      body: { email: 'evil@contacts.test', phone: '+33 6 00 00 00 00', customAttributes: { plan: 'pro', seats: 4 } },
    });
    expect((await exportCsv(ownManager.accessToken)).res.status).toBe(403);
    const { res, text } = await exportCsv(own.accessToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="oceras-contacts-.*\.csv"$/);
    const rows = parseCsv(text);
    expect(rows[0]!.cells.slice(0, 5)).toEqual(['id', 'email', 'name', 'phone', 'company']);
    const row = rows.find((r) => r.cells[0] === v.id)!.cells;
    expect(row[2]).toBe(`'=HYPERLINK("http://evil.test")`);
    expect(row[3]).toBe(`'+33 6 00 00 00 00`);
    expect(JSON.parse(row[10]!)).toEqual({ plan: 'pro', seats: 4 });
    // Another organization's export holds none of it.
    expect((await exportCsv(org.accessToken)).text).not.toContain(v.id);

    const back = await ownManager.api.call('importVisitorsCsv', { body: { csv: text } });
    expect(back).toMatchObject({ created: 0, updated: 1, errorCount: 0 });
    expect(await own.api.call('getVisitor', { params: { id: v.id } })).toMatchObject({
      name: '=HYPERLINK("http://evil.test")',
      phone: '+33 6 00 00 00 00',
      customAttributes: { plan: 'pro', seats: 4 },
    });
    const { entries } = await own.api.call('listAuditLog', { query: {} });
    expect(entries.some((e) => e.action === 'visitors.exported')).toBe(true);
  });

  it('puts phone, company, time zone, page title and notes in the admin export of the visitor', async () => {
    const v = await visitorWithConversation({
      timeZone: 'America/Argentina/Buenos_Aires',
      pageUrl: 'https://shop.contacts.test/cart',
      pageTitle: 'Your cart',
    });
    await agent.api.call('updateVisitor', {
      params: { id: v.id },
      body: { phone: '+54 11 0000 0000', company: 'Tango' },
    });
    await agent.api.call('createVisitorNote', { params: { id: v.id }, body: { body: 'asked about shipping' } });
    const res = await fetch(`${server.baseUrl}/api/v1/visitors/${v.id}/export`, {
      headers: { authorization: `Bearer ${org.accessToken}` },
    });
    const doc = ZVisitorExport.parse(await res.json());
    expect(doc.visitor).toMatchObject({
      phone: '+54 11 0000 0000',
      company: 'Tango',
      timeZone: 'America/Argentina/Buenos_Aires',
      pageTitle: 'Your cart',
    });
    expect(doc.conversations[0]).toMatchObject({ pageUrl: 'https://shop.contacts.test/cart', pageTitle: 'Your cart' });
    expect(doc.notes?.map((x) => x.body)).toEqual(['asked about shipping']);
  });
});
