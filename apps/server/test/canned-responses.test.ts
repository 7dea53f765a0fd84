/**
 * Canned responses through the API: personal and shared, who sees and changes which, shortcodes unique per
 * scope (409 SHORTCODE_TAKEN), validation, other organizations, API token scopes, and the agent's privacy rights.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/db/client.js';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
let org: Awaited<ReturnType<typeof buildOrganization>>;
let manager: Awaited<ReturnType<typeof buildAgent>>;
let agent: Awaited<ReturnType<typeof buildAgent>>;
let colleague: Awaited<ReturnType<typeof buildAgent>>;

beforeAll(async () => {
  server = await startTestServer();
  org = await buildOrganization(server);
  manager = await buildAgent(server, org, 'manager');
  agent = await buildAgent(server, org, 'agent');
  colleague = await buildAgent(server, org, 'agent');
});
afterAll(async () => {
  await server?.close();
});

const rowsOf = (id: string) =>
  query<{ body: string }>(server.services.db, sql`select body from canned_responses where id = ${id}`);

describe('canned responses', () => {
  it('creates, lists, edits and deletes a personal response; the template is stored as typed', async () => {
    const body = 'Hi {{visitor.name | there}}, I am {{agent.name}}.';
    const created = await agent.api.call('createCannedResponse', {
      body: { shortcode: ' Hello ', title: 'Greeting', body, scope: 'personal' },
    });
    expect(created).toMatchObject({ scope: 'personal', shortcode: 'hello', title: 'Greeting', body });
    const listed = await agent.api.call('listCannedResponses', {});
    expect(listed.cannedResponses.map((r) => r.id)).toContain(created.id);
    expect(listed.isTruncated).toBe(false);

    const edited = await agent.api.call('updateCannedResponse', {
      params: { id: created.id },
      body: { title: 'Warm greeting', body: 'Hello!' },
    });
    expect(edited).toMatchObject({ id: created.id, shortcode: 'hello', title: 'Warm greeting', body: 'Hello!' });
    expect(Date.parse(edited.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));

    expect(await agent.api.call('deleteCannedResponse', { params: { id: created.id } })).toEqual({ ok: true });
    expect(await rowsOf(created.id)).toHaveLength(0);
    await expectError(agent.api.call('deleteCannedResponse', { params: { id: created.id } }), 404, 'NOT_FOUND');
  });

  it("shows an agent their own and the organization's shared responses, never a colleague's personal ones", async () => {
    const shared = await org.api.call('createCannedResponse', {
      body: { shortcode: 'vis-shared', title: 'Shared one', body: 'for all', scope: 'shared' },
    });
    const mine = await agent.api.call('createCannedResponse', {
      body: { shortcode: 'vis-mine', title: 'Mine', body: 'mine only', scope: 'personal' },
    });
    const theirs = await colleague.api.call('createCannedResponse', {
      body: { shortcode: 'vis-theirs', title: 'Theirs', body: 'theirs only', scope: 'personal' },
    });
    const ids = (await agent.api.call('listCannedResponses', { query: { q: 'vis-' } })).cannedResponses.map(
      (r) => r.id,
    );
    expect(ids).toEqual([mine.id, shared.id]);
    // Not even an admin sees, edits or deletes someone's personal response: 404, and it stays.
    const adminIds = (await org.api.call('listCannedResponses', { query: { q: 'vis-' } })).cannedResponses.map(
      (r) => r.id,
    );
    expect(adminIds).toEqual([shared.id]);
    await expectError(
      org.api.call('updateCannedResponse', { params: { id: theirs.id }, body: { body: 'changed' } }),
      404,
      'NOT_FOUND',
    );
    await expectError(agent.api.call('deleteCannedResponse', { params: { id: theirs.id } }), 404, 'NOT_FOUND');
    expect(await rowsOf(theirs.id)).toEqual([{ body: 'theirs only' }]);
  });

  it('lets managers and admins manage shared responses; an agent gets 403 and nothing changes', async () => {
    await expectError(
      agent.api.call('createCannedResponse', {
        body: { shortcode: 'agent-shared', title: 'No', body: 'no', scope: 'shared' },
      }),
      403,
      'FORBIDDEN',
    );
    const shared = await manager.api.call('createCannedResponse', {
      body: { shortcode: 'refund', title: 'Refund policy', body: 'Refunds take 5 days.', scope: 'shared' },
    });
    await expectError(
      agent.api.call('updateCannedResponse', { params: { id: shared.id }, body: { body: 'Never.' } }),
      403,
      'FORBIDDEN',
    );
    await expectError(agent.api.call('deleteCannedResponse', { params: { id: shared.id } }), 403, 'FORBIDDEN');
    expect(await rowsOf(shared.id)).toEqual([{ body: 'Refunds take 5 days.' }]);
    const edited = await org.api.call('updateCannedResponse', {
      params: { id: shared.id },
      body: { body: 'Refunds take 3 days.' },
    });
    expect(edited.body).toBe('Refunds take 3 days.');
    expect(await manager.api.call('deleteCannedResponse', { params: { id: shared.id } })).toEqual({ ok: true });
  });

  it('keeps shortcodes unique among shared ones and among each agent’s own (409), letting a personal one shadow', async () => {
    await org.api.call('createCannedResponse', {
      body: { shortcode: 'thx', title: 'Thanks', body: 'Thanks!', scope: 'shared' },
    });
    await expectError(
      manager.api.call('createCannedResponse', {
        body: { shortcode: 'THX', title: 'Thanks again', body: 'Thank you!', scope: 'shared' },
      }),
      409,
      'SHORTCODE_TAKEN',
    );
    const own = await agent.api.call('createCannedResponse', {
      body: { shortcode: 'thx', title: 'My thanks', body: 'Cheers!', scope: 'personal' },
    });
    // Another agent may use the same personal shortcode; the same agent may not twice.
    await colleague.api.call('createCannedResponse', {
      body: { shortcode: 'thx', title: 'Their thanks', body: 'Ta!', scope: 'personal' },
    });
    await expectError(
      agent.api.call('createCannedResponse', {
        body: { shortcode: 'thx', title: 'Again', body: 'Again', scope: 'personal' },
      }),
      409,
      'SHORTCODE_TAKEN',
    );
    const other = await agent.api.call('createCannedResponse', {
      body: { shortcode: 'bye', title: 'Bye', body: 'Bye!', scope: 'personal' },
    });
    await expectError(
      agent.api.call('updateCannedResponse', { params: { id: other.id }, body: { shortcode: 'thx' } }),
      409,
      'SHORTCODE_TAKEN',
    );
    const { cannedResponses } = await agent.api.call('listCannedResponses', { query: { q: 'thx' } });
    // Own first for the same shortcode.
    expect(cannedResponses.map((r) => [r.scope, r.title])).toEqual([
      ['personal', 'My thanks'],
      ['shared', 'Thanks'],
    ]);
    expect(cannedResponses[0]!.id).toBe(own.id);
  });

  it('filters by a prefix of the shortcode or the title, LIKE characters taken literally', async () => {
    await agent.api.call('createCannedResponse', {
      body: { shortcode: 'ship-eu', title: 'Shipping to Europe', body: 'x', scope: 'personal' },
    });
    await agent.api.call('createCannedResponse', {
      body: { shortcode: 'tracking', title: 'Shipping status', body: 'y', scope: 'personal' },
    });
    const titles = async (q: string) =>
      (await agent.api.call('listCannedResponses', { query: { q } })).cannedResponses.map((r) => r.title).sort();
    expect(await titles('ship')).toEqual(['Shipping status', 'Shipping to Europe']);
    expect(await titles('TRACK')).toEqual(['Shipping status']);
    expect(await titles('%')).toEqual([]);
    expect(await titles('_')).toEqual([]);
  });

  it('answers at most 200 and says when more matched', async () => {
    const bulk = await buildOrganization(server);
    await query(
      server.services.db,
      sql`insert into canned_responses (organization_id, shortcode, title, body)
          select ${bulk.organization.id}, 'bulk-' || lpad(i::text, 3, '0'), 'Bulk ' || i, 'body'
          from generate_series(1, 201) i`,
    );
    const all = await bulk.api.call('listCannedResponses', {});
    expect(all.cannedResponses).toHaveLength(200);
    expect(all.isTruncated).toBe(true);
    expect(all.cannedResponses[0]!.shortcode).toBe('bulk-001');
    const narrowed = await bulk.api.call('listCannedResponses', { query: { q: 'bulk-20' } });
    expect(narrowed.cannedResponses.map((r) => r.shortcode)).toEqual(['bulk-200', 'bulk-201']);
    expect(narrowed.isTruncated).toBe(false);
  });

  it('refuses bad input with 400 VALIDATION_FAILED and stores nothing', async () => {
    const before = (await agent.api.call('listCannedResponses', {})).cannedResponses.length;
    const bad = [
      { shortcode: 'has space', title: 't', body: 'b', scope: 'personal' },
      { shortcode: 'slash/', title: 't', body: 'b', scope: 'personal' },
      { shortcode: '', title: 't', body: 'b', scope: 'personal' },
      { shortcode: 'x'.repeat(33), title: 't', body: 'b', scope: 'personal' },
      { shortcode: 'ok', title: '  ', body: 'b', scope: 'personal' },
      { shortcode: 'ok', title: 't', body: 'b'.repeat(10_001), scope: 'personal' },
      { shortcode: 'ok', title: 't', body: '', scope: 'personal' },
      { shortcode: 'ok', title: 't', body: 'b', scope: 'team' },
      { shortcode: 'ok', title: 't', body: 'b' },
      { shortcode: 'ok', title: 't', body: 'b\u0000', scope: 'personal' },
      { shortcode: 'ok', title: 't', body: 'b', scope: 'personal', agentId: org.agent.id },
    ];
    for (const body of bad)
      await expectError(agent.api.call('createCannedResponse', { body: body as never }), 400, 'VALIDATION_FAILED');
    const ok = await agent.api.call('createCannedResponse', {
      body: { shortcode: 'max-body', title: 't', body: 'b'.repeat(10_000), scope: 'personal' },
    });
    expect(ok.body).toHaveLength(10_000);
    await expectError(
      agent.api.call('updateCannedResponse', { params: { id: ok.id }, body: {} }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      agent.api.call('updateCannedResponse', { params: { id: ok.id }, body: { scope: 'shared' } as never }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      agent.api.call('updateCannedResponse', { params: { id: 'not-a-uuid' }, body: { body: 'x' } }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await agent.api.call('listCannedResponses', {})).cannedResponses.length).toBe(before + 1);
  });

  it("is 404 to another organization, which never lists this one's responses", async () => {
    const other = await buildOrganization(server);
    const shared = await org.api.call('createCannedResponse', {
      body: { shortcode: 'secret-sauce', title: 'Secret', body: 'org A only', scope: 'shared' },
    });
    await expectError(
      other.api.call('updateCannedResponse', { params: { id: shared.id }, body: { body: 'mine now' } }),
      404,
      'NOT_FOUND',
    );
    await expectError(other.api.call('deleteCannedResponse', { params: { id: shared.id } }), 404, 'NOT_FOUND');
    const listed = await other.api.call('listCannedResponses', { query: { q: 'secret' } });
    expect(listed.cannedResponses).toEqual([]);
    // The same shared shortcode is free in another organization.
    await other.api.call('createCannedResponse', {
      body: { shortcode: 'secret-sauce', title: 'Theirs', body: 'org B', scope: 'shared' },
    });
    expect(await rowsOf(shared.id)).toEqual([{ body: 'org A only' }]);
  });

  it('takes settings:read to list and settings:write to change, through API tokens', async () => {
    const token = async (scopes: ('settings:read' | 'settings:write' | 'conversations:write')[]) =>
      server.client((await org.api.call('createApiToken', { body: { name: 'canned', scopes } })).token);
    const reader = await token(['settings:read']);
    const writer = await token(['settings:write']);
    const other = await token(['conversations:write']);
    expect((await reader.call('listCannedResponses', {})).cannedResponses.length).toBeGreaterThan(0);
    await expectError(other.call('listCannedResponses', {}), 403, 'INSUFFICIENT_SCOPE');
    const input = { shortcode: 'by-token', title: 'Token', body: 'from a token', scope: 'shared' } as const;
    await expectError(reader.call('createCannedResponse', { body: input }), 403, 'INSUFFICIENT_SCOPE');
    const created = await writer.call('createCannedResponse', { body: input });
    await expectError(
      reader.call('updateCannedResponse', { params: { id: created.id }, body: { body: 'x' } }),
      403,
      'INSUFFICIENT_SCOPE',
    );
    await expectError(reader.call('deleteCannedResponse', { params: { id: created.id } }), 403, 'INSUFFICIENT_SCOPE');
    expect(await writer.call('deleteCannedResponse', { params: { id: created.id } })).toEqual({ ok: true });
  });

  it("puts an agent's personal responses in their export and erases them with the agent; shared ones stay", async () => {
    const leaving = await buildAgent(server, org, 'manager');
    const personal = await leaving.api.call('createCannedResponse', {
      body: { shortcode: 'leaving', title: 'Mine', body: 'my own words', scope: 'personal' },
    });
    const shared = await leaving.api.call('createCannedResponse', {
      body: { shortcode: 'left-behind', title: 'For the team', body: 'team words', scope: 'shared' },
    });
    const exported = await leaving.api.call('exportMe');
    expect(exported.cannedResponses.map((r) => r.id)).toEqual([personal.id]);
    await org.api.call('removeAgent', { params: { id: leaving.agent.id }, query: { erase: 'true' } });
    expect(await rowsOf(personal.id)).toHaveLength(0);
    expect(await rowsOf(shared.id)).toEqual([{ body: 'team words' }]);
  });
});
