/**
 * Saved views through the API: personal and shared, who sees and changes which (and moves them between the two),
 * the filters being the list's own query with its custom field filters, a view outliving a deleted field, counts that
 * follow the conversations, validation, the per-owner limit (also under concurrent creations) and the audit of shared
 * ones.
 */
import { SAVED_VIEW_LIMITS } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/db/client.js';
import { buildAgent, buildOrganization, expectError, startTestServer, type TestServer, visitor } from './helpers.js';

let server: TestServer;
let org: Awaited<ReturnType<typeof buildOrganization>>;
let manager: Awaited<ReturnType<typeof buildAgent>>;
let agent: Awaited<ReturnType<typeof buildAgent>>;
let colleague: Awaited<ReturnType<typeof buildAgent>>;

beforeAll(async () => {
  const roomy = { max: 100_000, timeWindow: '1 minute' };
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000' }, { rateLimits: { startConversation: roomy } });
  org = await buildOrganization(server);
  manager = await buildAgent(server, org, 'manager');
  agent = await buildAgent(server, org, 'agent');
  colleague = await buildAgent(server, org, 'agent');
});
afterAll(async () => {
  await server?.close();
});

const countOf = async (api: typeof agent.api, id: string) =>
  (await api.call('countSavedViews')).counts.find((c) => c.id === id)?.count;

describe('saved views', () => {
  it('creates, lists, edits and deletes a personal view; its filters are the list query, defaults filled in', async () => {
    const created = await agent.api.call('createSavedView', {
      body: { name: ' Urgent billing ', scope: 'personal', filters: { tag: 'Billing', priority: 'urgent' } },
    });
    expect(created).toMatchObject({
      scope: 'personal',
      name: 'Urgent billing',
      filters: { view: 'all', tag: 'billing', priority: 'urgent' },
    });
    expect((await agent.api.call('listSavedViews')).savedViews.map((v) => v.id)).toContain(created.id);

    const edited = await agent.api.call('updateSavedView', {
      params: { id: created.id },
      body: { name: 'Mine, pending', filters: { view: 'mine', status: 'pending' } },
    });
    expect(edited).toMatchObject({
      id: created.id,
      name: 'Mine, pending',
      filters: { view: 'mine', status: 'pending' },
    });

    expect(await agent.api.call('deleteSavedView', { params: { id: created.id } })).toEqual({ ok: true });
    expect((await agent.api.call('listSavedViews')).savedViews.map((v) => v.id)).not.toContain(created.id);
    await expectError(agent.api.call('deleteSavedView', { params: { id: created.id } }), 404, 'NOT_FOUND');
  });

  it("shows an agent their own and the organization's shared views, never a colleague's personal ones", async () => {
    const shared = await manager.api.call('createSavedView', {
      body: { name: 'Team shared', scope: 'shared', filters: { status: 'open' } },
    });
    const mine = await agent.api.call('createSavedView', {
      body: { name: 'My own', scope: 'personal', filters: { view: 'mine' } },
    });
    const theirs = await colleague.api.call('createSavedView', {
      body: { name: 'Their own', scope: 'personal', filters: { view: 'mine' } },
    });
    const ids = (await agent.api.call('listSavedViews')).savedViews.map((v) => v.id);
    expect(ids).toContain(shared.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    // Shared ones first.
    expect(ids.indexOf(shared.id)).toBeLessThan(ids.indexOf(mine.id));
    // A colleague's personal view is as absent as another organization's: 404, unchanged.
    await expectError(agent.api.call('updateSavedView', { params: { id: theirs.id }, body: { name: 'x' } }), 404);
    await expectError(agent.api.call('deleteSavedView', { params: { id: theirs.id } }), 404);
    await expectError(manager.api.call('deleteSavedView', { params: { id: theirs.id } }), 404);
    expect((await colleague.api.call('listSavedViews')).savedViews.find((v) => v.id === theirs.id)?.name).toBe(
      'Their own',
    );
    const other = await buildOrganization(server);
    await expectError(other.api.call('updateSavedView', { params: { id: shared.id }, body: { name: 'x' } }), 404);
    expect((await other.api.call('listSavedViews')).savedViews).toEqual([]);
  });

  it('lets only managers and admins create, change and delete shared views, and audits them', async () => {
    await expectError(
      agent.api.call('createSavedView', { body: { name: 'Nope', scope: 'shared', filters: {} } }),
      403,
      'FORBIDDEN',
    );
    const shared = await org.api.call('createSavedView', {
      body: { name: 'Unassigned urgent', scope: 'shared', filters: { view: 'unassigned', priority: 'urgent' } },
    });
    await expectError(agent.api.call('updateSavedView', { params: { id: shared.id }, body: { name: 'x' } }), 403);
    await expectError(agent.api.call('deleteSavedView', { params: { id: shared.id } }), 403);
    await manager.api.call('updateSavedView', { params: { id: shared.id }, body: { name: 'Urgent, nobody on it' } });
    await manager.api.call('deleteSavedView', { params: { id: shared.id } });
    const { entries } = await org.api.call('listAuditLog', { query: { targetId: shared.id } });
    expect(entries.map((e) => [e.action, e.actor.id, e.details])).toEqual([
      ['saved_view.deleted', manager.agent.id, {}],
      ['saved_view.updated', manager.agent.id, { fields: ['name'] }],
      ['saved_view.created', org.agent.id, {}],
    ]);
    // Personal views are nobody else's business: not audited.
    const mine = await agent.api.call('createSavedView', { body: { name: 'Quiet', scope: 'personal', filters: {} } });
    expect((await org.api.call('listAuditLog', { query: { targetId: mine.id } })).entries).toEqual([]);
  });

  it('refuses bad input with 400 and the error shape, changing nothing', async () => {
    const before = (await agent.api.call('listSavedViews')).savedViews.length;
    for (const body of [
      { name: '', scope: 'personal', filters: {} },
      { name: 'x'.repeat(SAVED_VIEW_LIMITS.nameMax + 1), scope: 'personal', filters: {} },
      { name: 'Bad', scope: 'team', filters: {} },
      { name: 'Bad', scope: 'personal', filters: { status: 'closed' } },
      { name: 'Bad', scope: 'personal', filters: { cursor: 'abc' } },
      { name: 'Bad', scope: 'personal', filters: { assigneeId: 'not-a-uuid' } },
      { name: 'Bad', scope: 'personal', filters: { unknown: 1 } },
      { name: 'Bad', scope: 'personal' },
    ])
      await expectError(agent.api.call('createSavedView', { body: body as never }), 400, 'VALIDATION_FAILED');
    const [one] = (await agent.api.call('listSavedViews')).savedViews;
    await expectError(agent.api.call('updateSavedView', { params: { id: one!.id }, body: {} }), 400);
    expect((await agent.api.call('listSavedViews')).savedViews.length).toBe(before);
  });

  it(`keeps at most ${SAVED_VIEW_LIMITS.perOwnerMax} views per owner (409)`, async () => {
    const solo = await buildAgent(server, org, 'agent');
    for (let i = 0; i < SAVED_VIEW_LIMITS.perOwnerMax; i++)
      await solo.api.call('createSavedView', { body: { name: `View ${i}`, scope: 'personal', filters: {} } });
    await expectError(
      solo.api.call('createSavedView', { body: { name: 'One too many', scope: 'personal', filters: {} } }),
      409,
      'CONFLICT',
    );
    const [row] = await query<{ n: number }>(
      server.services.db,
      sql`select count(*)::int as n from saved_views where agent_id = ${solo.agent.id}`,
    );
    expect(row!.n).toBe(SAVED_VIEW_LIMITS.perOwnerMax);
  });

  it('counts what each view lists, per agent, and follows the conversations as they change', async () => {
    const own = await buildOrganization(server);
    const teammate = await buildAgent(server, own, 'agent');
    const tagged = await own.api.call('createSavedView', {
      body: { name: 'VIP open', scope: 'shared', filters: { tag: 'vip', status: 'open' } },
    });
    const mine = await teammate.api.call('createSavedView', {
      body: { name: 'Mine', scope: 'personal', filters: { view: 'mine', status: 'unresolved' } },
    });
    const byEmail = await own.api.call('createSavedView', {
      body: { name: 'From acme', scope: 'personal', filters: { q: 'ana@acme' } },
    });
    expect(await countOf(own.api, tagged.id)).toBe(0);

    const ana = await visitor(server, own.organization.widgetKey, { email: 'ana@acme.test' });
    const bob = await visitor(server, own.organization.widgetKey, { email: 'bob@example.test' });
    const c1 = await ana.start('hello');
    const c2 = await bob.start('hi');
    ana.close();
    bob.close();
    await own.api.call('updateConversation', { params: { id: c1.id }, body: { tags: ['vip'] } });
    await own.api.call('updateConversation', { params: { id: c2.id }, body: { tags: ['vip'] } });
    expect(await countOf(own.api, tagged.id)).toBe(2);
    expect(await countOf(teammate.api, tagged.id)).toBe(2);
    expect(await countOf(own.api, byEmail.id)).toBe(1);
    // "Mine" is each agent's own: the teammate's view counts the teammate's conversations.
    expect(await countOf(teammate.api, mine.id)).toBe(0);
    await own.api.call('updateConversation', { params: { id: c2.id }, body: { assigneeId: teammate.agent.id } });
    expect(await countOf(teammate.api, mine.id)).toBe(1);
    await own.api.call('updateConversation', { params: { id: c1.id }, body: { status: 'resolved' } });
    expect(await countOf(own.api, tagged.id)).toBe(1);
    // The count agrees with the list the same filters give.
    const listed = await own.api.call('listConversations', { query: { ...tagged.filters } });
    expect(listed.conversations.map((c) => c.id)).toEqual([c2.id]);
    // Only the views one sees are counted.
    expect((await own.api.call('countSavedViews')).counts.map((c) => c.id)).not.toContain(mine.id);
  });

  it(`stops counting at ${SAVED_VIEW_LIMITS.countCap}`, async () => {
    const big = await buildOrganization(server);
    const all = await big.api.call('createSavedView', { body: { name: 'Everything', scope: 'shared', filters: {} } });
    const v = await visitor(server, big.organization.widgetKey);
    for (let i = 0; i <= SAVED_VIEW_LIMITS.countCap; i++) await v.start(`question ${i}`);
    v.close();
    expect(await countOf(big.api, all.id)).toBe(SAVED_VIEW_LIMITS.countCap);
  });

  it('holds custom field filters: checked against the fields, counted and listed as the list query does', async () => {
    const own = await buildOrganization(server);
    await own.api.call('createCustomField', {
      body: { entity: 'conversation', key: 'plan', label: 'Plan', type: 'single_choice', options: ['free', 'pro'] },
    });
    await own.api.call('createCustomField', {
      body: { entity: 'conversation', key: 'seats', label: 'Seats', type: 'number' },
    });
    await own.api.call('createCustomField', {
      body: {
        entity: 'conversation',
        key: 'products',
        label: 'Products',
        type: 'multiple_choice',
        options: ['a', 'b'],
      },
    });
    const view = await own.api.call('createSavedView', {
      body: {
        name: 'Pro, 10 seats',
        scope: 'shared',
        filters: { status: 'open', fields: { plan: 'pro', seats: '10' } },
      },
    });
    expect(view).toMatchObject({ filters: { fields: { plan: 'pro', seats: '10' } }, inapplicableFilters: [] });

    const v = await visitor(server, own.organization.widgetKey);
    const [c1, c2, c3] = [await v.start('one'), await v.start('two'), await v.start('three')];
    v.close();
    const set = (id: string, values: Record<string, unknown>) =>
      own.api.call('setConversationFields', { params: { id }, body: { values: values as never } });
    await set(c1.id, { plan: 'pro', seats: 10, products: ['a', 'b'] });
    await set(c2.id, { plan: 'pro', seats: 11 });
    await set(c3.id, { plan: 'free', seats: 10, products: ['b'] });
    expect(await countOf(own.api, view.id)).toBe(1);
    // The count is what the list answers for the same filters, given as the list's `field.<key>` parameters.
    const listed = await own.api.call('listConversations', {
      query: { status: 'open', 'field.plan': 'pro', 'field.seats': '10' },
    });
    expect(listed.conversations.map((c) => c.id)).toEqual([c1.id]);

    // Edited: a multiple choice filters by one option it holds; the count follows at once.
    const edited = await own.api.call('updateSavedView', {
      params: { id: view.id },
      body: { filters: { fields: { products: 'b' } } },
    });
    expect(edited.filters).toEqual({ view: 'all', fields: { products: 'b' } });
    expect(await countOf(own.api, view.id)).toBe(2);
    await set(c2.id, { products: ['b'] });
    expect(await countOf(own.api, view.id)).toBe(3);

    // A filter naming no field, or a value its field cannot hold, is refused whole: nothing changes.
    for (const [fields, path] of [
      [{ plan: 'enterprise' }, 'filters.fields.plan'],
      [{ seats: 'ten' }, 'filters.fields.seats'],
      [{ nope: 'x' }, 'filters.fields.nope'],
    ] as const) {
      const err = await own.api
        .call('updateSavedView', { params: { id: view.id }, body: { filters: { fields } } })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', details: [{ path }] });
      await expectError(
        own.api.call('createSavedView', { body: { name: 'Bad', scope: 'personal', filters: { fields } } }),
        400,
        'VALIDATION_FAILED',
      );
    }
    await expectError(
      own.api.call('createSavedView', {
        body: { name: 'Bad', scope: 'personal', filters: { fields: { 'Not a key': 'x' } } },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await own.api.call('listSavedViews')).savedViews).toHaveLength(1);
    expect((await own.api.call('listSavedViews')).savedViews[0]!.filters).toEqual(edited.filters);
  });

  it('still opens a view whose field was deleted or whose option was removed, and names what no longer applies', async () => {
    const own = await buildOrganization(server);
    const plan = await own.api.call('createCustomField', {
      body: { entity: 'conversation', key: 'plan', label: 'Plan', type: 'single_choice', options: ['free', 'pro'] },
    });
    const region = await own.api.call('createCustomField', {
      body: { entity: 'conversation', key: 'region', label: 'Region', type: 'text' },
    });
    const view = await own.api.call('createSavedView', {
      body: { name: 'EU pro', scope: 'personal', filters: { fields: { plan: 'pro', region: 'eu' } } },
    });
    const v = await visitor(server, own.organization.widgetKey);
    const [c1, c2] = [await v.start('one'), await v.start('two')];
    v.close();
    await own.api.call('setConversationFields', {
      params: { id: c1.id },
      body: { values: { plan: 'pro', region: 'eu' } },
    });
    await own.api.call('setConversationFields', {
      params: { id: c2.id },
      body: { values: { plan: 'free', region: 'eu' } },
    });
    expect(await countOf(own.api, view.id)).toBe(1);

    await own.api.call('updateCustomField', { params: { id: plan.id }, body: { options: ['free', 'team'] } });
    const afterOption = (await own.api.call('listSavedViews')).savedViews.find((x) => x.id === view.id)!;
    expect(afterOption.filters.fields).toEqual({ plan: 'pro', region: 'eu' });
    // Why, as a code the apps say in their words (and the English for older clients).
    expect(afterOption.inapplicableFilters).toEqual([
      { key: 'plan', code: 'value_invalid', message: 'must be one of the options' },
    ]);
    // What is left of the view (region = eu) is what it counts.
    expect(await countOf(own.api, view.id)).toBe(2);

    await own.api.call('deleteCustomField', { params: { id: region.id } });
    const afterDelete = (await own.api.call('listSavedViews')).savedViews.find((x) => x.id === view.id)!;
    expect(afterDelete.inapplicableFilters).toEqual([
      { key: 'plan', code: 'value_invalid', message: 'must be one of the options' },
      { key: 'region', code: 'field_missing', message: 'no such conversation field' },
    ]);
    expect(await countOf(own.api, view.id)).toBe(2);
    // Saving it again with the stale filters is refused; without them it is an ordinary view again.
    await expectError(
      own.api.call('updateSavedView', { params: { id: view.id }, body: { filters: afterDelete.filters } }),
      400,
      'VALIDATION_FAILED',
    );
    const cleaned = await own.api.call('updateSavedView', { params: { id: view.id }, body: { filters: {} } });
    expect(cleaned.inapplicableFilters).toEqual([]);
  });

  it("moves a view between personal and shared: managers and admins only, audited, within the new owner's limit", async () => {
    const own = await buildOrganization(server);
    const lead = await buildAgent(server, own, 'manager');
    const member = await buildAgent(server, own, 'agent');
    const mine = await member.api.call('createSavedView', { body: { name: 'Mine', scope: 'personal', filters: {} } });
    await expectError(
      member.api.call('updateSavedView', { params: { id: mine.id }, body: { scope: 'shared' } }),
      403,
      'FORBIDDEN',
    );
    expect((await member.api.call('listSavedViews')).savedViews.map((x) => x.scope)).toEqual(['personal']);

    const draft = await lead.api.call('createSavedView', { body: { name: 'Draft', scope: 'personal', filters: {} } });
    const shared = await lead.api.call('updateSavedView', {
      params: { id: draft.id },
      body: { scope: 'shared', name: 'For everyone' },
    });
    expect(shared).toMatchObject({ id: draft.id, scope: 'shared', name: 'For everyone' });
    expect((await member.api.call('listSavedViews')).savedViews.map((x) => x.id)).toContain(draft.id);
    // Back to personal: the manager's own, out of the member's sidebar.
    await own.api.call('updateSavedView', { params: { id: draft.id }, body: { scope: 'personal' } });
    expect((await member.api.call('listSavedViews')).savedViews.map((x) => x.id)).not.toContain(draft.id);
    expect((await lead.api.call('listSavedViews')).savedViews.map((x) => x.id)).not.toContain(draft.id);
    expect((await own.api.call('listSavedViews')).savedViews.find((x) => x.id === draft.id)?.scope).toBe('personal');
    const { entries } = await own.api.call('listAuditLog', { query: { targetId: draft.id } });
    expect(entries.map((e) => [e.action, e.actor.id, e.details])).toEqual([
      ['saved_view.updated', own.agent.id, { fields: ['scope'] }],
      ['saved_view.updated', lead.agent.id, { fields: ['name', 'scope'] }],
    ]);

    // The new owner's limit holds for a move as for a creation.
    for (let i = 0; i < SAVED_VIEW_LIMITS.perOwnerMax; i++)
      await own.api.call('createSavedView', { body: { name: `Shared ${i}`, scope: 'shared', filters: {} } });
    const extra = await lead.api.call('createSavedView', { body: { name: 'Extra', scope: 'personal', filters: {} } });
    await expectError(
      lead.api.call('updateSavedView', { params: { id: extra.id }, body: { scope: 'shared' } }),
      409,
      'CONFLICT',
    );
  });

  it('keeps the per-owner limit when creations race (personal and shared)', async () => {
    const own = await buildOrganization(server);
    const racer = await buildAgent(server, own, 'agent');
    const head = SAVED_VIEW_LIMITS.perOwnerMax - 3;
    for (let i = 0; i < head; i++)
      await racer.api.call('createSavedView', { body: { name: `V${i}`, scope: 'personal', filters: {} } });
    const race = (api: typeof racer.api, scope: 'personal' | 'shared', n: number) =>
      Promise.allSettled(
        Array.from({ length: n }, (_, i) =>
          api.call('createSavedView', { body: { name: `Race ${i}`, scope, filters: {} } }),
        ),
      );
    const personal = await race(racer.api, 'personal', 12);
    expect(personal.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of personal.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409, code: 'CONFLICT' });

    const shared = await race(own.api, 'shared', SAVED_VIEW_LIMITS.perOwnerMax + 10);
    expect(shared.filter((r) => r.status === 'fulfilled')).toHaveLength(SAVED_VIEW_LIMITS.perOwnerMax);
    const rows = await query<{ owner: string | null; n: number }>(
      server.services.db,
      sql`select agent_id as owner, count(*)::int as n from saved_views
          where organization_id = ${own.organization.id} group by agent_id order by agent_id nulls first`,
    );
    expect(rows).toEqual([
      { owner: null, n: SAVED_VIEW_LIMITS.perOwnerMax },
      { owner: racer.agent.id, n: SAVED_VIEW_LIMITS.perOwnerMax },
    ]);
  });
});
