import { randomUUID } from 'node:crypto';
import type { TSearchQuery } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, expectError, startTestServer, type TestServer } from '../../../test/helpers.js';
import { query } from '../../db/client.js';
import { fromHeadline, SEARCH_RANK_CAP } from './search-conversations.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type Org = Awaited<ReturnType<typeof buildOrganization>>;

async function conversation(org: Org, label: { name?: string; email?: string }, body: string) {
  const session = await server
    .client()
    .call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey, ...label } });
  const api = server.client(session.sessionToken);
  const conv = await api.call('startConversation', {
    body: { clientId: randomUUID(), message: { clientId: randomUUID(), body } },
  });
  return { session, api, conv };
}

const search = (org: Org, q: Omit<TSearchQuery, 'limit'> & { limit?: number }) =>
  org.api.call('searchConversations', { query: q });
const ids = async (org: Org, q: Omit<TSearchQuery, 'limit'>) =>
  (await search(org, q)).hits.map((h) => h.conversation.id);
const marked = (s: { text: string; highlights: { start: number; end: number }[] }) =>
  s.highlights.map((h) => s.text.slice(h.start, h.end));

describe('searchConversations: what matches', () => {
  let org: Org;
  let refund: Awaited<ReturnType<typeof conversation>>;
  let shipping: Awaited<ReturnType<typeof conversation>>;
  let ann: Awaited<ReturnType<typeof conversation>>;
  beforeAll(async () => {
    org = await buildOrganization(server);
    refund = await conversation(org, { name: 'Bob Stone' }, 'I was refunded twice for the blue teapot, please check');
    shipping = await conversation(org, {}, 'Where is my parcel? The tracking number says delivered yesterday');
    ann = await conversation(org, { name: 'Ann Lovelace', email: 'ann.lovelace@analytical.example' }, 'Hello there');
  });

  it('finds a word in a message body, with the word highlighted in a plain-text snippet', async () => {
    const page = await search(org, { q: 'teapot' });
    expect(page.order).toBe('relevance');
    expect(page.hits.map((h) => h.conversation.id)).toEqual([refund.conv.id]);
    const [hit] = page.hits;
    expect(hit).toMatchObject({ match: 'message', messageSeq: 1 });
    expect(hit!.snippet.text).toContain('blue teapot');
    expect(marked(hit!.snippet)).toEqual(['teapot']);
  });

  it('finds a stemmed form ("refunds" finds "refunded") and a word being typed ("parc")', async () => {
    expect(await ids(org, { q: 'refunds' })).toEqual([refund.conv.id]);
    expect(await ids(org, { q: 'parc' })).toEqual([shipping.conv.id]);
  });

  it('finds a phrase only in that order', async () => {
    expect(await ids(org, { q: '"blue teapot"' })).toEqual([refund.conv.id]);
    expect(await ids(org, { q: '"teapot blue"' })).toEqual([]);
    // Words without quotes must all match, in any order.
    expect(await ids(org, { q: 'teapot twice' })).toEqual([refund.conv.id]);
    expect(await ids(org, { q: 'teapot parcel' })).toEqual([]);
  });

  it("finds part of a visitor's email or name, and says where it matched", async () => {
    const page = await search(org, { q: 'lovelace@analy' });
    expect(page.hits.map((h) => h.conversation.id)).toEqual([ann.conv.id]);
    expect(page.hits[0]).toMatchObject({ match: 'visitor', messageSeq: null });
    expect(marked(page.hits[0]!.snippet)).toEqual(['lovelace@analy']);
    expect(await ids(org, { q: 'stone' })).toEqual([refund.conv.id]);
  });

  it('finds #number first, a tag, and a subject', async () => {
    await org.api.call('updateConversation', {
      params: { id: shipping.conv.id },
      body: { tags: ['logistics'], subject: 'Lost parcel in Rotterdam' },
    });
    const { number } = await org.api.call('getConversation', { params: { id: shipping.conv.id } });
    const byNumber = await search(org, { q: `#${number}` });
    expect(byNumber.hits[0]).toMatchObject({ match: 'number', conversation: { id: shipping.conv.id } });
    expect(await ids(org, { q: 'logistics' })).toEqual([shipping.conv.id]);
    const bySubject = await search(org, { q: 'rotterd' });
    expect(bySubject.hits.map((h) => [h.conversation.id, h.match])).toEqual([[shipping.conv.id, 'subject']]);
  });

  it('finds internal notes for agents', async () => {
    await org.api.call('sendMessage', {
      params: { id: ann.conv.id },
      body: { clientId: randomUUID(), body: 'Escalated to the finance department', type: 'note' },
    });
    const page = await search(org, { q: 'finance' });
    expect(page.hits.map((h) => [h.conversation.id, h.match])).toEqual([[ann.conv.id, 'note']]);
  });

  it('returns highlights as ranges of text, never markup: tags in a body stay text', async () => {
    const html = await conversation(org, {}, '<b>zebra</b> & <script>alert(1)</script> zebra');
    const page = await search(org, { q: 'zebra' });
    expect(page.hits.map((h) => h.conversation.id)).toEqual([html.conv.id]);
    // PostgreSQL's parser leaves markup-like tokens out of the passage; what remains is text, marked by ranges.
    expect(page.hits[0]!.snippet.text).toContain('alert(1)');
    expect(marked(page.hits[0]!.snippet)).toEqual(['zebra', 'zebra']);
    expect(fromHeadline('a \u0002b\u0003 c')).toEqual({ text: 'a b c', highlights: [{ start: 2, end: 3 }] });
  });
});

describe('searchConversations: filters, order and pages', () => {
  it('ranks the better match first and combines with status, assignee, tag and dates', async () => {
    const org = await buildOrganization(server);
    const once = await conversation(org, {}, 'the invoice is attached');
    const often = await conversation(org, {}, 'invoice invoice: the invoice for March, and the invoice for April');
    expect(await ids(org, { q: 'invoice' })).toEqual([often.conv.id, once.conv.id]);
    await org.api.call('updateConversation', {
      params: { id: once.conv.id },
      body: { status: 'pending', assigneeId: org.agent.id, tags: ['billing'] },
    });
    expect(await ids(org, { q: 'invoice', status: 'pending' })).toEqual([once.conv.id]);
    expect(await ids(org, { q: 'invoice', status: 'unresolved' })).toHaveLength(2);
    expect(await ids(org, { q: 'invoice', status: 'resolved' })).toEqual([]);
    expect(await ids(org, { q: 'invoice', assigneeId: org.agent.id, tag: 'billing' })).toEqual([once.conv.id]);
    expect(await ids(org, { q: 'invoice', tag: 'billing', status: 'open' })).toEqual([]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect(await ids(org, { q: 'invoice', from: future })).toEqual([]);
    expect(await ids(org, { q: 'invoice', from: past, to: future })).toHaveLength(2);
  });

  it('pages with a cursor, each conversation once, in the same order as one long page', async () => {
    const org = await buildOrganization(server);
    for (let i = 0; i < 7; i++) await conversation(org, {}, `${'kettle '.repeat(i + 1)}number ${i}`);
    const all = await ids(org, { q: 'kettle' });
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search(org, { q: 'kettle', limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.hits.length).toBeLessThanOrEqual(3);
      seen.push(...page.hits.map((h) => h.conversation.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it(`orders newest first past ${SEARCH_RANK_CAP} matches, and pages that order too`, async () => {
    const org = await buildOrganization(server);
    const convs = [];
    for (let i = 0; i < 4; i++) convs.push(await conversation(org, {}, `walrus ${i}`));
    // Enough matching messages to pass the cap, written straight into one conversation's history.
    await query(
      server.database.db,
      sql`insert into messages (organization_id, conversation_id, seq, type, author_type, author_id, body)
          select ${org.organization.id}, ${convs[0]!.conv.id}, 100 + g, 'note', 'agent', ${org.agent.id}, 'walrus again'
          from generate_series(1, ${SEARCH_RANK_CAP}) g`,
    );
    const first = await search(org, { q: 'walrus', limit: 3 });
    expect(first.order).toBe('recent');
    const second = await search(org, { q: 'walrus', limit: 3, cursor: first.nextCursor! });
    expect(second.order).toBe('recent');
    // Each conversation at its newest match: the first one's notes were written last.
    const [oldest, ...rest] = convs.map((c) => c.conv.id);
    expect([...first.hits, ...second.hits].map((h) => h.conversation.id)).toEqual([oldest, ...rest.reverse()]);
    expect(second.nextCursor).toBeNull();
    // Filters hold in that order too.
    await org.api.call('updateConversation', {
      params: { id: convs[1]!.conv.id },
      body: { status: 'pending', assigneeId: org.agent.id },
    });
    const filtered = await search(org, { q: 'walrus', status: 'pending', assigneeId: org.agent.id });
    expect([filtered.order, filtered.hits.map((h) => h.conversation.id)]).toEqual(['recent', [convs[1]!.conv.id]]);
  });
});

describe('searchConversations: newest first across time windows (migration 0034)', () => {
  // A history of two and a half years written straight into one organization: 60 conversations, each with matching
  // and other messages at random times (a seeded generator), some matching by their subject, some pending. Every
  // page of every query must equal an oracle computed in one SQL statement over the whole history: each
  // conversation at its newest matching message, or at its last activity when its subject matches.
  let org: Org;
  const convIds: string[] = [];
  beforeAll(async () => {
    org = await buildOrganization(server);
    for (let i = 0; i < 60; i++) convIds.push((await conversation(org, {}, 'opening line')).conv.id);
    let seed = 17;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const rows: string[] = [];
    const DAY = 86_400;
    for (const [i, id] of convIds.entries()) {
      const n = 12 + Math.floor(rnd() * 15);
      for (let s = 0; s < n; s++) {
        // Most in the last 40 days (hours, days and blocks), some up to 900 days back (the rest of the history).
        const ago = rnd() < 0.8 ? Math.floor(rnd() * 40 * DAY) : Math.floor(rnd() * 900 * DAY);
        const body = rnd() < 0.7 ? `the narwhal ${i}.${s} came back` : `nothing to see ${i}.${s}`;
        rows.push(
          `('${id}', ${10 + s}, '${body}', now() - ${ago} * interval '1 second', ${rnd() < 0.2 ? "'note'" : "'message'"})`,
        );
      }
    }
    await query(
      server.database.db,
      sql.raw(`insert into messages (organization_id, conversation_id, seq, body, created_at, type, author_type)
        select '${org.organization.id}', v.c::uuid, v.s, v.b, v.t, v.k, 'agent'
        from (values ${rows.join(',')}) v(c, s, b, t, k)`),
    );
    // The opening lines go back too, and each conversation's last activity is its newest message.
    await query(
      server.database.db,
      sql`update messages set created_at = now() - interval '950 days' where organization_id = ${org.organization.id} and seq < 10`,
    );
    await query(
      server.database.db,
      sql`update conversations c set last_activity_at = (select max(created_at) from messages m where m.conversation_id = c.id),
            subject = case when c.number % 9 = 0 then 'narwhal sighting' end,
            status = case when c.number % 4 = 0 then 'pending' else c.status end
          where c.organization_id = ${org.organization.id}`,
    );
  });

  const oracle = async (filters: { status?: string }) =>
    (
      await query<{ id: string }>(
        server.database.db,
        sql`with body as (select m.conversation_id as id, max(m.created_at) as at from messages m
              where m.organization_id = ${org.organization.id} and m.type <> 'system'
                and oceras_search_document(m.body) @@ (oceras_search_term('narwhal') || oceras_search_prefix('narwhal'))
              group by 1)
            select c.id from conversations c left join body b on b.id = c.id
            where c.organization_id = ${org.organization.id} and (b.id is not null or c.subject ilike '%narwhal%')
              ${filters.status ? sql`and c.status = ${filters.status}` : sql``}
            order by case when c.subject ilike '%narwhal%' then c.last_activity_at else b.at end desc, c.id desc`,
      )
    ).map((r) => r.id);

  const pages = async (q: Omit<TSearchQuery, 'limit'>, limit: number) => {
    const seen: string[] = [];
    const orders = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await search(org, { ...q, limit, ...(cursor ? { cursor } : {}) });
      orders.add(page.order);
      seen.push(...page.hits.map((h) => h.conversation.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return { seen, orders: [...orders] };
  };

  it('reads every window newest first and pages them exactly as the oracle orders the whole history', async () => {
    const expected = await oracle({});
    expect(expected.length).toBeGreaterThan(50);
    for (const limit of [1, 7, 25]) {
      const { seen, orders } = await pages({ q: 'narwhal' }, limit);
      expect(orders).toEqual(['recent']);
      expect(seen).toEqual(expected);
    }
  });

  it('holds a filter on every page, and a range ends the windows at its end', async () => {
    const { seen } = await pages({ q: 'narwhal', status: 'pending' }, 4);
    expect(seen).toEqual(await oracle({ status: 'pending' }));
    const to = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const ranged = await pages({ q: 'narwhal', to }, 5);
    const [range] = await query<{ ids: string[] }>(
      server.database.db,
      sql`select coalesce(array_agg(id), '{}') as ids from conversations where organization_id = ${org.organization.id} and last_activity_at < ${to}`,
    );
    expect(ranged.seen).toEqual((await oracle({})).filter((id) => range!.ids.includes(id)));
  });

  it("expands a word being typed to the index's common words that start with it, once statistics know them", async () => {
    const words = await buildOrganization(server);
    const common = await conversation(words, {}, 'first');
    const rare = await conversation(words, {}, 'a zeppelinesque idea');
    await query(
      server.database.db,
      sql`insert into messages (organization_id, conversation_id, seq, type, author_type, body)
          select ${words.organization.id}, ${common.conv.id}, 10 + g, 'message', 'agent', 'the zeppelin again'
          from generate_series(1, 400) g`,
    );
    // Before statistics, a prefix query: every completion.
    expect(new Set(await ids(words, { q: 'zepp' }))).toEqual(new Set([common.conv.id, rare.conv.id]));
    // Once ANALYZE has seen that "zeppelin" is common, the word being typed reads as it (a prefix query would read
    // every completion's matches first); its rare completions are left out until the word is typed out.
    await query(server.database.db, sql`analyze messages`);
    expect(await ids(words, { q: 'zepp' })).toEqual([common.conv.id]);
    expect(await ids(words, { q: 'zeppelinesque' })).toEqual([rare.conv.id]);
    // A word common among all organizations but not in this one's: counted and ranked through the organization's
    // own index word (not the other organizations' rows), and only this organization's conversation found.
    const other = await buildOrganization(server);
    const once = await conversation(other, {}, 'one zeppelin here');
    const page = await search(other, { q: 'zeppelin ' });
    expect([page.order, page.hits.map((h) => h.conversation.id)]).toEqual(['relevance', [once.conv.id]]);
  });

  it('walks the inbox by last activity for a frequent word under a narrow filter', async () => {
    const busy = await buildOrganization(server);
    const many: string[] = [];
    for (let i = 0; i < 50; i++) many.push((await conversation(busy, {}, 'first')).conv.id);
    // More than the cap today, in every conversation, all at the same instant.
    await query(
      server.database.db,
      sql`insert into messages (organization_id, conversation_id, seq, type, author_type, body)
          select ${busy.organization.id}, c, 10 + g, 'message', 'agent', 'a frequent zebra'
          from unnest(${`{${many.join(',')}}`}::uuid[]) c, generate_series(1, 12) g`,
    );
    // Two of the 50 pending (under 5 %): the one with the lower id has the newer activity, so the inbox's order
    // (newest activity first) is the opposite of the one the windows give equal matches (the higher id first).
    const [a, b] = [many[3]!, many[17]!].sort();
    for (const [id, minutes] of [
      [a!, 2],
      [b!, 1],
    ] as const)
      await query(
        server.database.db,
        sql`update conversations set status = 'pending', last_activity_at = now() + ${minutes} * interval '1 minute'
            where id = ${id}`,
      );
    const page = await search(busy, { q: 'zebra', status: 'pending', limit: 1 });
    expect(page.order).toBe('recent');
    const next = await search(busy, { q: 'zebra', status: 'pending', limit: 1, cursor: page.nextCursor! });
    expect([...page.hits, ...next.hits].map((h) => h.conversation.id)).toEqual([a, b]);
    expect(next.nextCursor).toBeNull();
  });
});

describe('searchConversations: tenants, erasure, the message path', () => {
  it("never finds another organization's conversations", async () => {
    const a = await buildOrganization(server);
    const b = await buildOrganization(server);
    await conversation(a, { email: 'secret.person@hidden.example' }, 'confidential pineapple');
    expect(await ids(b, { q: 'pineapple' })).toEqual([]);
    expect(await ids(b, { q: 'secret.person' })).toEqual([]);
    expect(await ids(a, { q: 'pineapple' })).toHaveLength(1);
  });

  it('finds nothing of an erased visitor: their words, name and email leave the results', async () => {
    const org = await buildOrganization(server);
    const v = await conversation(org, { name: 'Gustav Erased', email: 'gustav@erase.example' }, 'my mangosteen order');
    await org.api.call('updateConversation', { params: { id: v.conv.id }, body: { subject: 'Mangosteen order' } });
    expect(await ids(org, { q: 'mangosteen' })).toEqual([v.conv.id]);
    await org.api.call('eraseVisitor', { params: { id: v.session.visitorId } });
    for (const q of ['mangosteen', 'gustav', 'erase.example']) expect(await ids(org, { q })).toEqual([]);
  });

  it('finds every message of a burst as soon as each is answered, group-committed ones included', async () => {
    const org = await buildOrganization(server);
    const visitors = await Promise.all(Array.from({ length: 16 }, () => conversation(org, {}, 'start')));
    // Visitors' messages to different conversations at once: the group commit's batch statement stores them.
    await Promise.all(
      visitors.map(async (v, i) => {
        const word = `burstword${i}x`;
        await v.api.call('sendVisitorMessage', {
          params: { id: v.conv.id },
          body: { clientId: randomUUID(), body: `about ${word}` },
        });
        expect(await ids(org, { q: word })).toEqual([v.conv.id]);
      }),
    );
    const [count] = await query<{ messages: number; transactions: number }>(
      server.database.db,
      sql`select count(*)::int as messages, count(distinct xmin::text)::int as transactions from messages
          where organization_id = ${org.organization.id} and body like 'about burstword%'`,
    );
    expect(count!.messages).toBe(16);
    expect(count!.transactions).toBeLessThan(16);
  });
});

describe('searchConversations: bad queries', () => {
  it('refuses an empty, blank, too long, symbol-only or broken query with 400 and a clear message', async () => {
    const org = await buildOrganization(server);
    for (const q of ['', '   ', 'x'.repeat(101), '!!! ???', '🙂🙂', '\u0301', '\u0000abc'])
      await expectError(search(org, { q }), 400, 'VALIDATION_FAILED');
    await expectError(search(org, { q: 'ok', cursor: 'bm9wZQ' }), 400, 'VALIDATION_FAILED');
    await expectError(search(org, { q: 'ok', from: 'yesterday' }), 400, 'VALIDATION_FAILED');
    // Odd but meaningful text is searched, not refused.
    for (const q of ['naïve café', 'Ελληνικά', '日本語', 'a', '"unclosed phrase', 'tab\there', 'x:* & !y | (z'])
      expect((await search(org, { q })).hits).toEqual([]);
  });
});
