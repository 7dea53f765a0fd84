/**
 * Custom fields through the API (issue 18, "Ticket fields"): definitions (admins; every agent lists them), each
 * type's values checked on write (bad input: 400, nothing changed), required on resolve (409 naming the field),
 * the list's `field.<key>` filters, contact values, the CSV export, webhooks, deletion taking the values, the audit
 * log, roles and other organizations; contact values in `contact.updated` and in the CSV import.
 */
import { CUSTOM_FIELD_LIMITS } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/db/client.js';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer, visitor } from './helpers.js';
import { startReceiver, until } from './webhook-receiver.js';

let server: TestServer;
let org: Awaited<ReturnType<typeof buildOrganization>>;
let agent: Awaited<ReturnType<typeof buildAgent>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  // The receiver is on loopback: allowed here, as on a self-hoster's private network.
  server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_POLL_MS: '50' });
  org = await buildOrganization(server);
  agent = await buildAgent(server, org, 'agent');
  receiver = await startReceiver();
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

async function conversation(words = 'hello') {
  const v = await visitor(server, org.organization.widgetKey, { name: 'Field Visitor' });
  const conv = await v.start(words);
  v.close();
  return { conv, visitorId: v.session.visitorId };
}
const storedValues = async (table: 'conversations' | 'visitors', id: string) =>
  (
    await query<{ custom_fields: unknown }>(
      server.services.db,
      sql`select custom_fields from ${sql.identifier(table)} where id = ${id}`,
    )
  )[0]?.custom_fields;

let k = 0;
const key = (base: string) => `${base}_${k++}`;

describe('definitions', () => {
  it('an admin defines each type; every agent lists them; key, entity and type stay', async () => {
    const keys = {
      text: key('text'),
      number: key('number'),
      date: key('date'),
      single: key('single'),
      multi: key('multi'),
      box: key('box'),
    };
    const made = [
      await org.api.call('createCustomField', {
        body: { entity: 'conversation', key: keys.text, label: 'Order', type: 'text' },
      }),
      await org.api.call('createCustomField', {
        body: { entity: 'conversation', key: keys.number, label: 'Units', type: 'number' },
      }),
      await org.api.call('createCustomField', {
        body: { entity: 'conversation', key: keys.date, label: 'Due', type: 'date' },
      }),
      await org.api.call('createCustomField', {
        body: {
          entity: 'conversation',
          key: keys.single,
          label: 'Reason',
          type: 'single_choice',
          options: ['Bug', 'Billing'],
        },
      }),
      await org.api.call('createCustomField', {
        body: {
          entity: 'conversation',
          key: keys.multi,
          label: 'Areas',
          type: 'multiple_choice',
          options: ['Web', 'App', 'API'],
        },
      }),
      await org.api.call('createCustomField', {
        body: { entity: 'contact', key: keys.box, label: 'VIP', type: 'checkbox' },
      }),
    ];
    expect(made[3]).toMatchObject({
      key: keys.single,
      type: 'single_choice',
      options: ['Bug', 'Billing'],
      requiredOnResolve: false,
    });
    const listed = await agent.api.call('listCustomFields', {});
    expect(listed.fields.map((f) => f.id)).toEqual(expect.arrayContaining(made.map((f) => f.id)));
    const contacts = await agent.api.call('listCustomFields', { query: { entity: 'contact' } });
    expect(contacts.fields.every((f) => f.entity === 'contact')).toBe(true);
    // key and type cannot be changed; an unknown property is refused.
    await expectError(
      org.api.call('updateCustomField', { params: { id: made[0]!.id }, body: { key: 'other' } as never }),
      400,
      'VALIDATION_FAILED',
    );
    const renamed = await org.api.call('updateCustomField', {
      params: { id: made[0]!.id },
      body: { label: 'Order no.' },
    });
    expect(renamed).toMatchObject({ key: keys.text, label: 'Order no.', type: 'text' });
  });

  it('refuses bad definitions with 400 and a taken key with 409 FIELD_KEY_TAKEN, creating nothing', async () => {
    const before = (await org.api.call('listCustomFields', {})).fields.length;
    const bad = [
      { entity: 'conversation', key: 'Bad Key', label: 'X', type: 'text' },
      { entity: 'conversation', key: key('c'), label: 'X', type: 'single_choice' },
      { entity: 'conversation', key: key('c'), label: 'X', type: 'text', options: ['a'] },
      { entity: 'conversation', key: key('c'), label: 'X', type: 'single_choice', options: ['a', 'a'] },
      { entity: 'contact', key: key('c'), label: 'X', type: 'text', requiredOnResolve: true },
      { entity: 'conversation', key: key('c'), label: ' ', type: 'text' },
      { entity: 'ticket', key: key('c'), label: 'X', type: 'text' },
      { entity: 'conversation', key: key('c'), label: 'X', type: 'colour' },
    ];
    for (const body of bad)
      await expectError(org.api.call('createCustomField', { body: body as never }), 400, 'VALIDATION_FAILED');
    const k1 = key('dup');
    await org.api.call('createCustomField', { body: { entity: 'conversation', key: k1, label: 'A', type: 'text' } });
    await expectError(
      org.api.call('createCustomField', { body: { entity: 'conversation', key: k1, label: 'B', type: 'number' } }),
      409,
      'FIELD_KEY_TAKEN',
    );
    // The same key on the other entity is another field.
    await org.api.call('createCustomField', { body: { entity: 'contact', key: k1, label: 'C', type: 'text' } });
    expect((await org.api.call('listCustomFields', {})).fields.length).toBe(before + 2);
  });

  it('only admins change definitions (403 to an agent); another organization gets 404; changes are audited', async () => {
    const field = await org.api.call('createCustomField', {
      body: { entity: 'conversation', key: key('audited'), label: 'Audited', type: 'text' },
    });
    await expectError(
      agent.api.call('createCustomField', {
        body: { entity: 'conversation', key: key('x'), label: 'X', type: 'text' },
      }),
      403,
      'FORBIDDEN',
    );
    await expectError(agent.api.call('updateCustomField', { params: { id: field.id }, body: { label: 'Y' } }), 403);
    await expectError(agent.api.call('deleteCustomField', { params: { id: field.id } }), 403);
    const other = await buildOrganization(server);
    await expectError(other.api.call('updateCustomField', { params: { id: field.id }, body: { label: 'Y' } }), 404);
    await expectError(other.api.call('deleteCustomField', { params: { id: field.id } }), 404);
    expect((await other.api.call('listCustomFields', {})).fields).toEqual([]);
    await org.api.call('updateCustomField', { params: { id: field.id }, body: { requiredOnResolve: true } });
    await org.api.call('deleteCustomField', { params: { id: field.id } });
    const { entries } = await org.api.call('listAuditLog', { query: { targetId: field.id } });
    expect(entries.map((e) => e.action).sort()).toEqual([
      'custom_field.created',
      'custom_field.deleted',
      'custom_field.updated',
    ]);
    expect(entries.find((e) => e.action === 'custom_field.updated')?.details).toMatchObject({
      fields: ['requiredOnResolve'],
    });
  });
});

describe('values', () => {
  it("checks each type's values on write: 400 naming the field, nothing changed", async () => {
    const f = {
      text: key('t'),
      number: key('n'),
      date: key('d'),
      single: key('s'),
      multi: key('m'),
      box: key('b'),
    };
    const define = (k: string, type: string, options: string[] = []) =>
      org.api.call('createCustomField', { body: { entity: 'conversation', key: k, label: k, type, options } as never });
    await define(f.text, 'text');
    await define(f.number, 'number');
    await define(f.date, 'date');
    await define(f.single, 'single_choice', ['Low', 'High']);
    await define(f.multi, 'multiple_choice', ['Web', 'App']);
    await define(f.box, 'checkbox');
    const { conv } = await conversation();
    const good = {
      [f.text]: '  A-1 ',
      [f.number]: 4.5,
      [f.date]: '2026-02-28',
      [f.single]: 'High',
      [f.multi]: ['App', 'Web'],
      [f.box]: false,
    };
    const set = await agent.api.call('setConversationFields', { params: { id: conv.id }, body: { values: good } });
    expect(set.customFields).toEqual({ ...good, [f.text]: 'A-1' });
    const bad: [string, unknown][] = [
      [f.text, 42],
      [f.text, 'x'.repeat(1001)],
      [f.text, 'nul\u0000'],
      [f.number, '4'],
      [f.number, 1e16],
      [f.date, '2026-02-30'],
      [f.date, '28/02/2026'],
      [f.single, 'Medium'],
      [f.single, ['High']],
      [f.multi, ['Web', 'Desktop']],
      [f.multi, ['Web', 'Web']],
      [f.multi, 'Web'],
      [f.box, 'true'],
      ['no_such_field', 'x'],
    ];
    for (const [name, value] of bad) {
      const err = await agent.api
        .call('setConversationFields', {
          params: { id: conv.id },
          body: { values: { [f.text]: 'changed', [name]: value } as never },
        })
        .then(
          () => null,
          (e) => e,
        );
      expect(err, `${name}=${JSON.stringify(value)}`).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(JSON.stringify(err.details)).toContain(`values.${name}`);
    }
    expect(await storedValues('conversations', conv.id)).toEqual({ ...good, [f.text]: 'A-1' });
    // null, an empty text and an empty list clear; keys not named keep their value.
    const cleared = await agent.api.call('setConversationFields', {
      params: { id: conv.id },
      body: { values: { [f.text]: '', [f.multi]: [], [f.number]: null } },
    });
    expect(cleared.customFields).toEqual({ [f.date]: '2026-02-28', [f.single]: 'High', [f.box]: false });
    await expectError(
      agent.api.call('setConversationFields', { params: { id: conv.id }, body: { values: {} } }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('follows the conversation rules: an agent cannot change a colleague’s conversation; other organizations get 404', async () => {
    const field = key('owner');
    await org.api.call('createCustomField', {
      body: { entity: 'conversation', key: field, label: 'Owner', type: 'text' },
    });
    const { conv } = await conversation();
    const colleague = await buildAgent(server, org, 'agent');
    await org.api.call('updateConversation', { params: { id: conv.id }, body: { assigneeId: colleague.agent.id } });
    await expectError(
      agent.api.call('setConversationFields', { params: { id: conv.id }, body: { values: { [field]: 'x' } } }),
      403,
      'FORBIDDEN',
    );
    await colleague.api.call('setConversationFields', { params: { id: conv.id }, body: { values: { [field]: 'x' } } });
    const other = await buildOrganization(server);
    await expectError(
      other.api.call('setConversationFields', { params: { id: conv.id }, body: { values: { [field]: 'y' } } }),
      404,
    );
    expect(await storedValues('conversations', conv.id)).toEqual({ [field]: 'x' });
  });

  it("sets a contact's values, shown on the contact page beside the custom attributes, audited by key", async () => {
    const plan = key('plan');
    const vip = key('vip');
    await org.api.call('createCustomField', {
      body: { entity: 'contact', key: plan, label: 'Plan', type: 'single_choice', options: ['Free', 'Pro'] },
    });
    await org.api.call('createCustomField', { body: { entity: 'contact', key: vip, label: 'VIP', type: 'checkbox' } });
    const { visitorId } = await conversation();
    await org.api.call('updateVisitor', {
      params: { id: visitorId },
      body: { customAttributes: { plan: 'from the site' } },
    });
    const set = await agent.api.call('setVisitorFields', {
      params: { id: visitorId },
      body: { values: { [plan]: 'Pro', [vip]: true } },
    });
    expect(set.customFields).toEqual({ [plan]: 'Pro', [vip]: true });
    await expectError(
      agent.api.call('setVisitorFields', { params: { id: visitorId }, body: { values: { [plan]: 'Gold' } } }),
      400,
    );
    // A conversation field's key is not a contact's.
    await expectError(
      agent.api.call('setVisitorFields', { params: { id: visitorId }, body: { values: { [key('nope')]: 'x' } } }),
      400,
    );
    const detail = await agent.api.call('getVisitor', { params: { id: visitorId } });
    expect(detail.customFields).toEqual({ [plan]: 'Pro', [vip]: true });
    expect(detail.customAttributes).toEqual({ plan: 'from the site' });
    const other = await buildOrganization(server);
    await expectError(
      other.api.call('setVisitorFields', { params: { id: visitorId }, body: { values: { [plan]: 'Free' } } }),
      404,
    );
    const { entries } = await org.api.call('listAuditLog', { query: { targetId: visitorId } });
    expect(
      entries.find((e) => e.action === 'visitor.rectified' && JSON.stringify(e.details).includes(plan)),
    ).toBeTruthy();
    expect(JSON.stringify(entries)).not.toContain('Pro');
  });

  it('deleting a definition deletes its values; removing an option clears the values holding it', async () => {
    const gone = key('gone');
    const areas = key('areas');
    const reason = key('reason');
    const field = await org.api.call('createCustomField', {
      body: { entity: 'conversation', key: gone, label: 'Gone', type: 'text' },
    });
    const multi = await org.api.call('createCustomField', {
      body: {
        entity: 'conversation',
        key: areas,
        label: 'Areas',
        type: 'multiple_choice',
        options: ['Web', 'App', 'API'],
      },
    });
    const single = await org.api.call('createCustomField', {
      body: {
        entity: 'conversation',
        key: reason,
        label: 'Reason',
        type: 'single_choice',
        options: ['Bug', 'Billing'],
      },
    });
    const { conv } = await conversation();
    const { conv: conv2 } = await conversation();
    await agent.api.call('setConversationFields', {
      params: { id: conv.id },
      body: { values: { [gone]: 'x', [areas]: ['Web', 'App'], [reason]: 'Bug' } },
    });
    await agent.api.call('setConversationFields', {
      params: { id: conv2.id },
      body: { values: { [areas]: ['App'], [reason]: 'Billing' } },
    });
    await org.api.call('deleteCustomField', { params: { id: field.id } });
    await org.api.call('updateCustomField', { params: { id: multi.id }, body: { options: ['Web', 'API'] } });
    await org.api.call('updateCustomField', { params: { id: single.id }, body: { options: ['Billing', 'Other'] } });
    expect(await storedValues('conversations', conv.id)).toEqual({ [areas]: ['Web'] });
    expect(await storedValues('conversations', conv2.id)).toEqual({ [reason]: 'Billing' });
    // A new field with the old key starts empty.
    await org.api.call('createCustomField', {
      body: { entity: 'conversation', key: gone, label: 'Again', type: 'number' },
    });
    expect((await agent.api.call('getConversation', { params: { id: conv.id } })).customFields[gone]).toBeUndefined();
  });
});

describe('required on resolve', () => {
  it('an agent cannot resolve while a required field is empty (409 naming it), then can; other moves are free', async () => {
    const cause = key('cause');
    const confirmed = key('confirmed');
    const causeField = await org.api.call('createCustomField', {
      body: { entity: 'conversation', key: cause, label: 'Root cause', type: 'text', requiredOnResolve: true },
    });
    const boxField = await org.api.call('createCustomField', {
      body: {
        entity: 'conversation',
        key: confirmed,
        label: 'Customer confirmed',
        type: 'checkbox',
        requiredOnResolve: true,
      },
    });
    const { conv } = await conversation();
    const err = await agent.api
      .call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } })
      .then(
        () => null,
        (e) => e,
      );
    expect(err).toMatchObject({ status: 409, code: 'REQUIRED_FIELDS_MISSING' });
    expect(err.message).toContain('Root cause');
    expect(err.details).toEqual([
      { path: `customFields.${cause}`, message: 'Root cause is required to resolve' },
      { path: `customFields.${confirmed}`, message: 'Customer confirmed is required to resolve' },
    ]);
    expect((await agent.api.call('getConversation', { params: { id: conv.id } })).status).toBe('open');
    // Other changes go through; a box left unticked is not filled.
    await agent.api.call('updateConversation', {
      params: { id: conv.id },
      body: { status: 'pending', priority: 'high' },
    });
    await agent.api.call('setConversationFields', {
      params: { id: conv.id },
      body: { values: { [cause]: 'Typo', [confirmed]: false } },
    });
    await expectError(
      agent.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } }),
      409,
      'REQUIRED_FIELDS_MISSING',
    );
    await agent.api.call('setConversationFields', { params: { id: conv.id }, body: { values: { [confirmed]: true } } });
    const resolved = await agent.api.call('updateConversation', {
      params: { id: conv.id },
      body: { status: 'resolved' },
    });
    expect(resolved.status).toBe('resolved');
    // The rule binds conversations from now on; later conversations are not held by removed requirements.
    await org.api.call('deleteCustomField', { params: { id: causeField.id } });
    await org.api.call('updateCustomField', { params: { id: boxField.id }, body: { requiredOnResolve: false } });
    const { conv: next } = await conversation();
    expect(
      (await agent.api.call('updateConversation', { params: { id: next.id }, body: { status: 'resolved' } })).status,
    ).toBe('resolved');
  });
});

describe('filters, exports and webhooks', () => {
  it('filters the conversation list by field.<key>=<value>, each type; bad filters answer 400', async () => {
    const f = { text: key('ft'), number: key('fn'), multi: key('fm'), box: key('fb'), date: key('fd') };
    await org.api.call('createCustomField', {
      body: { entity: 'conversation', key: f.text, label: 'T', type: 'text' },
    });
    await org.api.call('createCustomField', {
      body: { entity: 'conversation', key: f.number, label: 'N', type: 'number' },
    });
    await org.api.call('createCustomField', {
      body: { entity: 'conversation', key: f.multi, label: 'M', type: 'multiple_choice', options: ['Web', 'App'] },
    });
    await org.api.call('createCustomField', {
      body: { entity: 'conversation', key: f.box, label: 'B', type: 'checkbox' },
    });
    await org.api.call('createCustomField', {
      body: { entity: 'conversation', key: f.date, label: 'D', type: 'date' },
    });
    const { conv: a } = await conversation();
    const { conv: b } = await conversation();
    await conversation();
    await agent.api.call('setConversationFields', {
      params: { id: a.id },
      body: {
        values: { [f.text]: 'ACME', [f.number]: 12, [f.multi]: ['Web', 'App'], [f.box]: true, [f.date]: '2026-03-01' },
      },
    });
    await agent.api.call('setConversationFields', {
      params: { id: b.id },
      body: { values: { [f.text]: 'Other', [f.number]: 3, [f.multi]: ['App'], [f.box]: false } },
    });
    const ids = async (q: Record<string, string>) =>
      (await agent.api.call('listConversations', { query: q as never })).conversations.map((c) => c.id).sort();
    expect(await ids({ [`field.${f.text}`]: 'ACME' })).toEqual([a.id]);
    expect(await ids({ [`field.${f.number}`]: '3' })).toEqual([b.id]);
    expect(await ids({ [`field.${f.multi}`]: 'App' })).toEqual([a.id, b.id].sort());
    expect(await ids({ [`field.${f.multi}`]: 'Web' })).toEqual([a.id]);
    expect(await ids({ [`field.${f.box}`]: 'false' })).toEqual([b.id]);
    expect(await ids({ [`field.${f.date}`]: '2026-03-01', [`field.${f.box}`]: 'true' })).toEqual([a.id]);
    expect(await ids({ [`field.${f.text}`]: 'ACME', [`field.${f.number}`]: '3' })).toEqual([]);
    for (const q of [
      { [`field.${f.number}`]: 'twelve' },
      { [`field.${f.box}`]: 'yes' },
      { [`field.${f.multi}`]: 'Desktop' },
      { 'field.no_such_field': 'x' },
      { 'field.Bad Key': 'x' },
      { unknown: 'x' },
    ])
      await expectError(agent.api.call('listConversations', { query: q as never }), 400, 'VALIDATION_FAILED');
    // Search takes the same filters (and refuses the same bad ones).
    const found = await agent.api.call('searchConversations', {
      query: { q: 'hello', [`field.${f.text}`]: 'ACME' } as never,
    });
    expect(found.hits.map((h) => h.conversation.id)).toEqual([a.id]);
    await expectError(
      agent.api.call('searchConversations', { query: { q: 'hello', [`field.${f.number}`]: 'x' } as never }),
      400,
      'VALIDATION_FAILED',
    );
    // Another organization's list never matches this one's values.
    const other = await buildOrganization(server);
    await other.api.call('createCustomField', {
      body: { entity: 'conversation', key: f.text, label: 'T', type: 'text' },
    });
    expect(
      (await other.api.call('listConversations', { query: { [`field.${f.text}`]: 'ACME' } })).conversations,
    ).toEqual([]);
  });

  it('exports contact fields as CSV columns, and sends conversation.updated webhooks with the values', async () => {
    const hook = await org.api.call('createWebhook', {
      body: { url: receiver.url, events: ['conversation.updated'] },
    });
    const segment = key('segment');
    const ticket = key('ticket');
    await org.api.call('createCustomField', {
      body: { entity: 'contact', key: segment, label: 'Segment', type: 'multiple_choice', options: ['Retail', 'B2B'] },
    });
    await org.api.call('createCustomField', {
      body: { entity: 'conversation', key: ticket, label: 'Ticket', type: 'text' },
    });
    const { conv, visitorId } = await conversation();
    await org.api.call('updateVisitor', { params: { id: visitorId }, body: { email: `${segment}@example.com` } });
    await agent.api.call('setVisitorFields', {
      params: { id: visitorId },
      body: { values: { [segment]: ['B2B', 'Retail'] } },
    });
    await agent.api.call('setConversationFields', { params: { id: conv.id }, body: { values: { [ticket]: 'T-77' } } });
    const res = await fetch(`${server.baseUrl}/api/v1/visitors/export.csv`, {
      headers: { authorization: `Bearer ${org.accessToken}` },
    });
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    const header = lines[0]!.split(',');
    expect(header).toContain(`field.${segment}`);
    const row = lines.find((l) => l.includes(`${segment}@example.com`))!;
    expect(row).toContain('"B2B, Retail"');
    // The exported file imports back unchanged (its field columns hold the values as they are).
    const imported = await org.api.call('importVisitorsCsv', { body: { csv: [lines[0], row].join('\n') } });
    expect(imported.errors).toEqual([]);

    await server.webhooks.settle();
    const got = await until(() =>
      receiver.received.find(
        (x) =>
          x.json.type === 'conversation.updated' &&
          x.json.data.conversation.id === conv.id &&
          x.json.data.changes.includes('customFields'),
      ),
    );
    expect(got.json.data.changes).toEqual(['customFields']);
    expect(got.json.data.conversation.customFields).toEqual({ [ticket]: 'T-77' });
    await org.api.call('deleteWebhook', { params: { id: hook.id } });
  });

  it('imports contact field values from field.<key> columns, a bad value refusing its row; changes are contact.updated', async () => {
    const hook = await org.api.call('createWebhook', { body: { url: receiver.url, events: ['contact.updated'] } });
    const f = { tier: key('tier'), seats: key('seats'), vip: key('vip'), since: key('since'), areas: key('areas') };
    const define = (k: string, type: string, options: string[] = []) =>
      org.api.call('createCustomField', { body: { entity: 'contact', key: k, label: k, type, options } as never });
    await define(f.tier, 'single_choice', ['Gold', 'Silver']);
    await define(f.seats, 'number');
    await define(f.vip, 'checkbox');
    await define(f.since, 'date');
    await define(f.areas, 'multiple_choice', ['Web', 'App']);
    const { visitorId } = await conversation();
    const email = `${f.tier}@example.com`;
    await org.api.call('updateVisitor', { params: { id: visitorId }, body: { email } });
    const updates = () =>
      receiver.received
        .filter((x) => x.json.type === 'contact.updated' && x.json.data.contact.id === visitorId)
        .map((x) => x.json.data);

    // An agent's change of a value: contact.updated naming customFields, with the values.
    await agent.api.call('setVisitorFields', { params: { id: visitorId }, body: { values: { [f.tier]: 'Gold' } } });
    await server.webhooks.settle();
    const first = await until(() => updates().find((u) => u.changes.includes('customFields')));
    expect(first.changes).toEqual(['customFields']);
    expect(first.contact.customFields).toEqual({ [f.tier]: 'Gold' });

    const header = ['email', 'name', ...Object.values(f).map((k) => `field.${k}`)].join(',');
    const csv = [
      header,
      `${email},,Silver,12,Yes,2026-01-31,"App, Web"`,
      `new-${f.tier}@example.com,New One,Gold,,no,,`,
      `bad1-${f.tier}@example.com,,Platinum,,,,`,
      `bad2-${f.tier}@example.com,,,twelve,,,`,
      `bad3-${f.tier}@example.com,,,,maybe,2026-02-30,`,
    ].join('\n');
    const result = await org.api.call('importVisitorsCsv', { body: { csv } });
    expect(result).toMatchObject({ created: 1, updated: 1, errorCount: 3 });
    expect(result.errors).toEqual([
      { line: 4, message: `field.${f.tier}: must be one of the options` },
      { line: 5, message: `field.${f.seats}: must be a number` },
      { line: 6, message: `field.${f.vip}: must be Yes or No` },
    ]);
    expect((await agent.api.call('getVisitor', { params: { id: visitorId } })).customFields).toEqual({
      [f.tier]: 'Silver',
      [f.seats]: 12,
      [f.vip]: true,
      [f.since]: '2026-01-31',
      [f.areas]: ['App', 'Web'],
    });
    const { visitors } = await agent.api.call('listVisitors', { query: { q: `new-${f.tier}` } });
    const created = await agent.api.call('getVisitor', { params: { id: visitors[0]!.id } });
    expect(created.customFields).toEqual({ [f.tier]: 'Gold', [f.vip]: false });
    await server.webhooks.settle();
    const second = await until(() => updates().find((u) => u.contact.customFields[f.tier] === 'Silver'));
    expect(second.changes).toEqual(['customFields']);

    // A column naming no contact field refuses the file, and nothing changes.
    await expectError(
      org.api.call('importVisitorsCsv', { body: { csv: `email,field.${key('nope')}\n${email},x` } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await storedValues('visitors', visitorId)).toMatchObject({ [f.tier]: 'Silver' });
    await org.api.call('deleteWebhook', { params: { id: hook.id } });
  });

  it(`keeps at most ${CUSTOM_FIELD_LIMITS.fieldsMax} fields per entity when creations race`, async () => {
    const own = await buildOrganization(server);
    const create = (i: number) =>
      own.api.call('createCustomField', {
        body: { entity: 'contact', key: `f_${i}`, label: `F ${i}`, type: 'text' },
      });
    for (let i = 0; i < CUSTOM_FIELD_LIMITS.fieldsMax - 2; i++) await create(i);
    const raced = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => create(1000 + i)));
    expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect((await own.api.call('listCustomFields', { query: { entity: 'contact' } })).fields).toHaveLength(
      CUSTOM_FIELD_LIMITS.fieldsMax,
    );
  });
});
