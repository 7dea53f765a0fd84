import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, expectError, startTestServer, type TestServer } from '../../../test/helpers.js';
import { startReceiver, until, verifySignature } from '../../../test/webhook-receiver.js';
import { query } from '../../db/client.js';

let server: TestServer;
let org: Awaited<ReturnType<typeof buildOrganization>>;
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
let n = 0;
const id = () => `wh-${Date.now().toString(36)}-${n++}`;

/** A name only this test's resolver knows: it resolves to the loopback receiver, as a self-hoster's DNS would. */
const lookup = async (host: string) => {
  if (host === 'hooks.example.test') return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

beforeAll(async () => {
  server = await startTestServer(
    { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '30', WEBHOOK_POLL_MS: '50' },
    { webhookLookup: lookup },
  );
  org = await buildOrganization(server);
});
afterAll(async () => {
  await server?.close();
  for (const r of receivers) await r.close();
});

async function receiver(...replies: Parameters<typeof startReceiver>[0][]) {
  const r = await startReceiver(replies[0]);
  receivers.push(r);
  return r;
}

/** A visitor of the organization starts a conversation with a first message. */
async function visitorWrites(body = 'hello') {
  const s = await server.client().call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
  return server.client(s.sessionToken).call('startConversation', {
    body: { clientId: id(), message: { clientId: id(), body } },
  });
}

const deliveriesOf = async (webhookId: string) =>
  (await org.api.call('listWebhookDeliveries', { params: { id: webhookId } })).deliveries;

describe('signed deliveries', () => {
  it('POSTs each subscribed event as signed JSON that the documented check verifies', async () => {
    const r = await receiver();
    const secret = 'a-signing-secret-of-our-own';
    const hook = await org.api.call('createWebhook', {
      body: { url: r.url, events: ['conversation.created', 'message.created'], secret },
    });
    expect(hook.secret).toBe(secret);
    const conv = await visitorWrites('first words');
    await server.webhooks.settle();
    const got = await until(() => (r.received.length >= 2 ? r.received : null));
    expect(got.map((x) => x.json.type).sort()).toEqual(['conversation.created', 'message.created']);
    for (const x of got) {
      expect(verifySignature(x.headers['oceras-signature'] as string, x.body, secret)).toBe(true);
      expect(verifySignature(x.headers['oceras-signature'] as string, x.body, 'another secret')).toBe(false);
      expect(verifySignature(x.headers['oceras-signature'] as string, `${x.body} `, secret)).toBe(false);
      expect(x.headers['oceras-delivery']).toBe(x.json.id);
      expect(x.headers['content-type']).toBe('application/json');
      expect(x.json.organizationId).toBe(org.organization.id);
      expect(Date.parse(x.json.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    }
    const message = got.find((x) => x.json.type === 'message.created')!;
    expect(message.json.data).toMatchObject({ conversationId: conv.id, body: 'first words', type: 'message' });
    const listed = await deliveriesOf(hook.id);
    expect(listed).toHaveLength(2);
    for (const d of listed) {
      expect(d.status).toBe('delivered');
      expect(d.attempts).toHaveLength(1);
      expect(d.attempts[0]).toMatchObject({ statusCode: 200, error: null, responseExcerpt: 'ok' });
    }
    await org.api.call('deleteWebhook', { params: { id: hook.id } });
  });

  it('delivers notes only to subscriptions that list note.created, and resolutions as conversation.resolved', async () => {
    const plain = await receiver();
    const notes = await receiver();
    const a = await org.api.call('createWebhook', {
      body: { url: plain.url, events: ['message.created', 'conversation.resolved'] },
    });
    const b = await org.api.call('createWebhook', { body: { url: notes.url, events: ['note.created'] } });
    const conv = await visitorWrites();
    await org.api.call('sendMessage', {
      params: { id: conv.id },
      body: { clientId: id(), body: 'internal only', type: 'note' },
    });
    await org.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } });
    await server.webhooks.settle();
    await until(() => plain.received.some((x) => x.json.type === 'conversation.resolved') && notes.received.length);
    // The visitor's message and the public system line of the resolution; never the note.
    expect(plain.received.map((x) => [x.json.type, x.json.data.type])).toEqual([
      ['message.created', 'message'],
      ['message.created', 'system'],
      ['conversation.resolved', undefined],
    ]);
    expect(JSON.stringify(plain.received)).not.toContain('internal only');
    expect(notes.received.map((x) => [x.json.type, x.json.data.body])).toEqual([['note.created', 'internal only']]);
    expect(plain.received[2]!.json.data.conversation).toMatchObject({ id: conv.id, status: 'resolved' });
    // A conversation's preview may quote a note: left out for subscriptions without notes.
    expect(plain.received[2]!.json.data.conversation).not.toHaveProperty('lastMessagePreview');
    for (const h of [a, b]) await org.api.call('deleteWebhook', { params: { id: h.id } });
  });

  it("delivers the visitor's rating as conversation.rated, with the score and comment", async () => {
    const r = await receiver();
    const hook = await org.api.call('createWebhook', { body: { url: r.url, events: ['conversation.rated'] } });
    const s = await server.client().call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
    const visitorApi = server.client(s.sessionToken);
    const conv = await visitorApi.call('startConversation', {
      body: { clientId: id(), message: { clientId: id(), body: 'rate me' } },
    });
    await org.api.call('updateConversation', { params: { id: conv.id }, body: { status: 'resolved' } });
    await visitorApi.call('rateConversation', {
      params: { id: conv.id },
      body: { score: 4, comment: 'Quick, thanks' },
    });
    await server.webhooks.settle();
    await until(() => r.received.length > 0);
    // Only the rating: not the resolution's own conversation.updated, which this subscription did not ask for.
    expect(r.received.map((x) => x.json.type)).toEqual(['conversation.rated']);
    expect(r.received[0]!.json.data.conversation).toMatchObject({
      id: conv.id,
      rating: { score: 4, comment: 'Quick, thanks' },
    });
    await org.api.call('deleteWebhook', { params: { id: hook.id } });
  });
});

describe('contact events', () => {
  it('delivers contact.created, contact.updated (only on a real change, saying what changed) and contact.erased', async () => {
    const r = await receiver();
    const hook = await org.api.call('createWebhook', {
      body: { url: r.url, events: ['contact.created', 'contact.updated', 'contact.erased'] },
    });
    const of = (type: string) => r.received.filter((x) => x.json.type === type).map((x) => x.json.data);
    // A new widget visitor is a contact (anonymous: no name, no email).
    const s = await server.client().call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
    const visitorApi = server.client(s.sessionToken);
    const me = s.visitor.id;
    await server.webhooks.settle();
    await until(() => of('contact.created').some((c) => c.id === me));
    expect(of('contact.created').find((c) => c.id === me)).toMatchObject({
      id: me,
      name: null,
      email: null,
      isErased: false,
      conversationCount: 0,
      customAttributes: {},
    });
    // The site names them, then names them again identically on the next page: one update, not two.
    await visitorApi.call('identifyVisitor', {
      body: { name: 'Ada', email: 'Ada@Example.test', attributes: { plan: 'pro' } },
    });
    await visitorApi.call('identifyVisitor', {
      body: { name: 'Ada', email: 'ada@example.test', attributes: { plan: 'pro' } },
    });
    // An agent adds a phone number; a correction to the same value changes nothing.
    await org.api.call('updateVisitor', { params: { id: me }, body: { phone: '+33 1 23 45 67 89' } });
    await org.api.call('updateVisitor', { params: { id: me }, body: { phone: '+33 1 23 45 67 89' } });
    await server.webhooks.settle();
    await until(() => of('contact.updated').length >= 2);
    const mine = of('contact.updated').filter((u) => u.contact.id === me);
    expect(mine.map((u) => u.changes)).toEqual([['name', 'email', 'customAttributes'], ['phone']]);
    expect(mine[1]!.contact).toMatchObject({
      name: 'Ada',
      email: 'ada@example.test',
      phone: '+33 1 23 45 67 89',
      customAttributes: { plan: 'pro' },
    });
    // An import creates one contact and updates the other; a merge says which contact went into which.
    await org.api.call('importVisitorsCsv', {
      body: { csv: 'email,company\nada@example.test,Analytical Engines\ngrace@example.test,Navy\n' },
    });
    await server.webhooks.settle();
    const grace = await until(() => of('contact.created').find((c) => c.email === 'grace@example.test'));
    await until(() => of('contact.updated').some((u) => u.changes.includes('company')));
    expect(of('contact.updated').at(-1)).toMatchObject({
      contact: { id: me, company: 'Analytical Engines' },
      changes: ['company'],
    });
    await org.api.call('mergeVisitors', { params: { id: grace.id }, body: { intoVisitorId: me } });
    await server.webhooks.settle();
    const merged = await until(() => of('contact.updated').find((u) => u.changes.includes('merged')));
    expect(merged).toMatchObject({ contact: { id: me }, changes: ['merged'], mergedFrom: grace.id });
    // Erasure: the integrator is told to forget them (ids only), and the log keeps nothing of them to deliver.
    await org.api.call('eraseVisitor', { params: { id: me } });
    await server.webhooks.settle();
    const erased = await until(() => of('contact.erased')[0]);
    expect(erased).toEqual({ visitorId: me, conversationIds: [] });
    const [left] = await query<{ n: number }>(
      server.services.db,
      sql`select count(*)::int as n from events where organization_id = ${org.organization.id}
            and (payload::text ilike '%ada@example.test%' or payload::text ilike '%grace@example.test%')`,
    );
    expect(left!.n).toBe(0);
    await org.api.call('deleteWebhook', { params: { id: hook.id } });
  });
});

describe('retries', () => {
  it('retries after a 500 with the same delivery id, until the receiver takes it', async () => {
    const r = await receiver([{ status: 500, body: 'down' }, { status: 503 }, { status: 200 }]);
    const hook = await org.api.call('createWebhook', { body: { url: r.url, events: ['conversation.created'] } });
    await visitorWrites();
    await server.webhooks.settle();
    await until(() => r.received.length >= 3);
    expect(new Set(r.received.map((x) => x.headers['oceras-delivery'])).size).toBe(1);
    const [d] = await until(async () => {
      const list = await deliveriesOf(hook.id);
      return list[0]?.status === 'delivered' ? list : null;
    });
    expect(d!.attempts.map((a) => a.statusCode)).toEqual([200, 503, 500]);
    expect(d!.attempts[2]!.responseExcerpt).toBe('down');
    await org.api.call('deleteWebhook', { params: { id: hook.id } });
  });

  it('does not retry a 400, keeps at most 2 KB of the answer, and resend makes a new attempt', async () => {
    const r = await receiver([{ status: 400, body: 'x'.repeat(10_000) }, { status: 200 }]);
    const hook = await org.api.call('createWebhook', { body: { url: r.url, events: ['conversation.created'] } });
    await visitorWrites();
    await server.webhooks.settle();
    const [d] = await until(async () => {
      const list = await deliveriesOf(hook.id);
      return list[0]?.status === 'failed' ? list : null;
    });
    // Failed for good: nothing is scheduled, so no second request can come.
    expect(d!.nextAttemptAt).toBeNull();
    expect(d!.attempts).toHaveLength(1);
    expect(d!.attempts[0]!.statusCode).toBe(400);
    expect(d!.attempts[0]!.responseExcerpt!.length).toBeLessThanOrEqual(2048);
    expect(r.received).toHaveLength(1);

    const resent = await org.api.call('resendWebhookDelivery', { params: { id: hook.id, deliveryId: d!.id } });
    expect(resent.id).toBe(d!.id);
    await server.webhooks.settle();
    await until(() => r.received.length >= 2);
    expect(r.received[1]!.headers['oceras-delivery']).toBe(d!.id);
    const [again] = await until(async () => {
      const list = await deliveriesOf(hook.id);
      return list[0]?.status === 'delivered' ? list : null;
    });
    expect(again!.attempts.map((a) => a.statusCode)).toEqual([200, 400]);
    await org.api.call('deleteWebhook', { params: { id: hook.id } });
  });

  it('turns a subscription off on 410 Gone, and says why', async () => {
    const r = await receiver([{ status: 410 }]);
    const hook = await org.api.call('createWebhook', { body: { url: r.url, events: ['conversation.created'] } });
    await visitorWrites();
    await server.webhooks.settle();
    const off = await until(async () => {
      const { webhooks } = await org.api.call('listWebhooks');
      const w = webhooks.find((x) => x.id === hook.id);
      return w && !w.isEnabled ? w : null;
    });
    expect(off.disabledReason).toMatch(/410/);
    await visitorWrites();
    await server.webhooks.settle();
    expect(r.received).toHaveLength(1);
    // On again: it delivers what happens from now on.
    r.answer([{ status: 200 }]);
    const on = await org.api.call('updateWebhook', { params: { id: hook.id }, body: { enabled: true } });
    expect(on).toMatchObject({ isEnabled: true, disabledReason: null });
    await visitorWrites();
    await server.webhooks.settle();
    await until(() => r.received.length === 2);
    await org.api.call('deleteWebhook', { params: { id: hook.id } });
  });

  it('turns off a subscription whose deliveries have all failed for 3 days', async () => {
    const r = await receiver([{ status: 500 }]);
    const hook = await org.api.call('createWebhook', { body: { url: r.url, events: ['conversation.created'] } });
    // Three days of failures, without waiting them: the streak's start is moved back.
    await server.services.db.execute(
      sql`update webhooks set failing_since = now() - interval '3 days 1 minute' where id = ${hook.id}`,
    );
    await visitorWrites();
    await server.webhooks.settle();
    const off = await until(async () => {
      const { webhooks } = await org.api.call('listWebhooks');
      const w = webhooks.find((x) => x.id === hook.id);
      return w && !w.isEnabled ? w : null;
    });
    expect(off.disabledReason).toMatch(/3 days/);
    await org.api.call('deleteWebhook', { params: { id: hook.id } });
  });

  it('does not follow a redirect', async () => {
    const r = await receiver([{ status: 302, headers: { location: '/elsewhere' } }]);
    const hook = await org.api.call('createWebhook', { body: { url: r.url, events: ['conversation.created'] } });
    await visitorWrites();
    await server.webhooks.settle();
    const [d] = await until(async () => {
      const list = await deliveriesOf(hook.id);
      return list[0]?.status === 'failed' ? list : null;
    });
    expect(d!.attempts[0]).toMatchObject({ statusCode: 302, error: 'redirect not followed' });
    expect(r.received.map((x) => x.path)).toEqual(['/hooks']);
    await org.api.call('deleteWebhook', { params: { id: hook.id } });
  });

  it('connects to the address it checked (a host name that resolves to the receiver)', async () => {
    const r = await receiver();
    const hook = await org.api.call('createWebhook', {
      body: { url: `http://hooks.example.test:${r.port}/named`, events: ['conversation.created'] },
    });
    await visitorWrites();
    await server.webhooks.settle();
    await until(() => r.received.length === 1);
    expect(r.received[0]!.headers.host).toBe(`hooks.example.test:${r.port}`);
    await org.api.call('deleteWebhook', { params: { id: hook.id } });
  });
});

describe('server-side request forgery', () => {
  let strict: TestServer;
  let admin: Awaited<ReturnType<typeof buildOrganization>>;
  let resolutions = 0;
  beforeAll(async () => {
    // Without WEBHOOK_ALLOW_PRIVATE; `rebind.example.test` answers a public address once, then loopback.
    strict = await startTestServer(
      { WEBHOOK_RETRY_BASE_MS: '30', WEBHOOK_POLL_MS: '50' },
      {
        webhookLookup: async (host) => {
          if (host === 'rebind.example.test')
            return [{ address: resolutions++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
          return lookup(host);
        },
      },
    );
    admin = await buildOrganization(strict);
  });
  afterAll(async () => {
    await strict?.close();
  });

  it('refuses loopback, private, link-local, CGNAT, multicast and unresolvable URLs at creation', async () => {
    const r = await receiver();
    for (const url of [
      r.url,
      `http://localhost:${r.port}/`,
      `http://hooks.example.test:${r.port}/`,
      'http://10.0.0.8/',
      'http://172.16.5.4/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://224.0.0.1/',
      'http://[::1]/',
      'http://[fe80::1]/',
      'http://[fc00::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://no-such-host.invalid/',
    ]) {
      await expectError(
        admin.api.call('createWebhook', { body: { url, events: ['message.created'] } }),
        422,
        'WEBHOOK_URL_REFUSED',
      );
    }
    await expectError(
      admin.api.call('createWebhook', { body: { url: 'ftp://example.com/', events: ['message.created'] } }),
      400,
      'VALIDATION_FAILED',
    );
    const { webhooks } = await admin.api.call('listWebhooks');
    expect(webhooks).toEqual([]);
    expect(r.received).toEqual([]);
  });

  it('checks again at each delivery: a name that later resolves to 127.0.0.1 (DNS rebinding) gets nothing', async () => {
    const r = await receiver();
    const hook = await admin.api.call('createWebhook', {
      body: { url: `http://rebind.example.test:${r.port}/`, events: ['conversation.created'] },
    });
    const s = await strict.client().call('createWidgetSession', { body: { widgetKey: admin.organization.widgetKey } });
    await strict.client(s.sessionToken).call('startConversation', { body: { clientId: id() } });
    await strict.webhooks.settle();
    const [d] = await until(async () => {
      const list = (await admin.api.call('listWebhookDeliveries', { params: { id: hook.id } })).deliveries;
      return list[0]?.status === 'failed' ? list : null;
    });
    expect(d!.attempts).toHaveLength(1);
    expect(d!.attempts[0]).toMatchObject({ statusCode: null });
    expect(d!.attempts[0]!.error).toMatch(/127\.0\.0\.1/);
    expect(r.received).toEqual([]);
  });

  it('refuses a private URL on change too', async () => {
    const { webhooks } = await admin.api.call('listWebhooks');
    await expectError(
      admin.api.call('updateWebhook', { params: { id: webhooks[0]!.id }, body: { url: 'http://127.0.0.1:9/' } }),
      422,
      'WEBHOOK_URL_REFUSED',
    );
  });
});

describe('the audit log', () => {
  it('records who added, changed and deleted a webhook, with its events and never its URL or secret', async () => {
    const url = 'http://hooks.example.test:9/in?key=receiver-credential';
    const created = await org.api.call('createWebhook', {
      body: { url, events: ['conversation.created'], secret: 'a-secret-of-the-receiver' },
    });
    await org.api.call('updateWebhook', {
      params: { id: created.id },
      body: { events: ['conversation.created', 'message.created'], enabled: false },
    });
    await org.api.call('deleteWebhook', { params: { id: created.id } });
    const { entries } = await org.api.call('listAuditLog', { query: { targetId: created.id } });
    expect(entries.map((e) => [e.action, e.actor.id, e.target, e.details])).toEqual([
      ['webhook.deleted', org.agent.id, { type: 'webhook', id: created.id }, {}],
      [
        'webhook.updated',
        org.agent.id,
        { type: 'webhook', id: created.id },
        { changed: ['enabled', 'events'], events: ['conversation.created', 'message.created'], enabled: false },
      ],
      ['webhook.created', org.agent.id, { type: 'webhook', id: created.id }, { events: ['conversation.created'] }],
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/receiver-credential|a-secret-of-the-receiver|hooks\.example/);
  });
});
