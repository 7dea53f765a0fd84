/**
 * Every route of the route table, called with values at the edges of its own schemas (numbers at 2^31 and 2^53,
 * negatives, strings at and past their limit, unicode, NUL, lone surrogates, wrong types, missing and extra keys,
 * ids of this organization, of another one and of nothing), never answers 5xx, and every refusal has the one error
 * shape with a known code. The generators are read from the zod schemas (as JSON Schema), so a route added to
 * ROUTES is covered without touching this file.
 */
import { randomUUID } from 'node:crypto';
import { ERROR_CODES, ROUTES, type RouteName, type RouteSpec } from '@oceras/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildAgent, buildOrganization, startTestServer, type TestServer } from './helpers.js';

const RUNS = Number(process.env.EDGE_RUNS ?? 50);

let server: TestServer;
beforeAll(async () => {
  const roomy = { max: 1_000_000, timeWindow: '1 minute' };
  const everyRoute = Object.fromEntries(Object.keys(ROUTES).map((n) => [n, roomy]));
  // Private webhook URLs allowed: the fixtures' webhook delivers to this server itself (the fuzzed URLs resolve
  // to nothing here: 422).
  server = await startTestServer(
    { RATE_LIMIT_PER_MINUTE: '1000000', API_TOKEN_RATE_LIMIT_PER_MINUTE: '1000000', WEBHOOK_ALLOW_PRIVATE: 'true' },
    { rateLimits: everyRoute },
  );
});
afterAll(async () => {
  await server?.close();
});

/** What a route can be pointed at: this organization's rows, another organization's, and ids of nothing. */
async function fixtures() {
  const org = await buildOrganization(server);
  const other = await buildOrganization(server);
  const colleague = await buildAgent(server, org, 'agent');
  const webhook = await org.api.call('createWebhook', {
    body: { url: `${server.baseUrl}/edge-hook`, events: ['conversation.created'] },
  });
  const apiToken = await org.api.call('createApiToken', { body: { name: 'edge', scopes: ['conversations:read'] } });
  const canned = await org.api.call('createCannedResponse', {
    body: { shortcode: 'edge', title: 'Edge', body: 'Hi {{visitor.name}}', scope: 'shared' },
  });
  const team = await org.api.call('createTeam', { body: { name: 'Edge', agentIds: [colleague.agent.id] } });
  const otherTeam = await other.api.call('createTeam', { body: { name: 'Elsewhere' } });
  const session = await server
    .client()
    .call('createWidgetSession', { body: { widgetKey: org.organization.widgetKey } });
  const visitorApi = server.client(session.sessionToken);
  const conv = await visitorApi.call('startConversation', {
    body: { clientId: 'edge-conv-1', message: { clientId: 'edge-msg-1', body: 'hello' } },
  });
  const note = await org.api.call('createVisitorNote', {
    params: { id: session.visitorId },
    body: { body: 'about the visitor' },
  });
  const otherSession = await server
    .client()
    .call('createWidgetSession', { body: { widgetKey: other.organization.widgetKey } });
  const otherConv = await server.client(otherSession.sessionToken).call('startConversation', {
    body: { clientId: 'edge-conv-2', message: { clientId: 'edge-msg-2', body: 'elsewhere' } },
  });
  const invitation = await org.api.call('createInvitation', { body: { email: `edge-${randomUUID()}@example.com` } });
  const device = await org.api.call('registerDevice', {
    body: { token: `ExponentPushToken[edge${randomUUID().slice(0, 8)}]`, platform: 'android', appVersion: '1.0.0' },
  });
  await server.webhooks.settle();
  const { deliveries } = await org.api.call('listWebhookDeliveries', { params: { id: webhook.id } });
  const ids = [
    conv.id,
    otherConv.id,
    org.agent.id,
    colleague.agent.id,
    other.agent.id,
    session.visitorId,
    invitation.id,
    device.id,
    org.sessionId,
    randomUUID(),
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    conv.id.toUpperCase(),
    '-'.repeat(36),
    'a'.repeat(36),
    '0'.repeat(36),
    `${conv.id.slice(0, 35)}g`,
    webhook.id,
    ...deliveries.map((d) => d.id),
    apiToken.id,
    canned.id,
    team.id,
    otherTeam.id,
    note.id,
  ];
  return {
    org,
    agentToken: org.accessToken,
    visitorToken: session.sessionToken,
    ids,
    widgetKey: org.organization.widgetKey,
  };
}
type Fixtures = Awaited<ReturnType<typeof fixtures>>;

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
};

const NUMBERS = [0, -1, 1, 1.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 1e308, Number.MIN_VALUE];
const STRINGS = ['', ' ', '\u0000', '\ud800', 'null', 'undefined', '0', '-1', '%00', '../../etc', '😀', 'ﷺ', 'e\u0301'];
const WRONG = [null, true, false, 0, -1, 2 ** 53, 1.5, '', 'x'.repeat(10_001), [], [null], {}, { a: 1 }];
const DATES = [
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '0001-01-01T00:00:00Z',
  '2038-01-19T03:14:08+14:00',
  'yesterday',
];
const at = (n: number) => [...Array(n)].map((_, i) => 'abcdefghij'[i % 10]).join('');

/** Structured inbox cursors (base64url of `time|id`): the one opaque string whose inside the server parses. */
const cursors = (ids: string[]) =>
  fc
    .tuple(
      fc.constantFrom(...DATES, new Date().toISOString(), '+275760-09-13T00:00:00.000Z'),
      fc.constantFrom(...ids, ''),
    )
    .map(([time, id]) => Buffer.from(`${time}|${id}`).toString('base64url'));

function valid(schema: Schema, fx: Fixtures, key: string): fc.Arbitrary<unknown> {
  if (schema.anyOf || schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf)!.map((s) => edge(s, fx, key)));
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum)
    return fc.constantFrom(...schema.enum, `${String(schema.enum[0])}x`, String(schema.enum[0]).toUpperCase());
  switch (schema.type) {
    case 'string': {
      const max = schema.maxLength ?? 200;
      const choices: fc.Arbitrary<unknown>[] = [
        fc.string({ maxLength: Math.min(max + 2, 300) }),
        fc.string({ unit: 'grapheme', maxLength: Math.min(max, 60) }),
        fc.constantFrom(
          at(max),
          at(max + 1),
          at(Math.max(0, (schema.minLength ?? 1) - 1)),
          '😀'.repeat(Math.ceil(max / 2)),
          ...STRINGS,
        ),
      ];
      if (schema.format === 'uuid') choices.push(fc.constantFrom(...fx.ids), fc.constantFrom(...fx.ids), fc.uuid());
      else if (schema.format === 'email')
        choices.push(fc.emailAddress(), fc.constantFrom(`${at(250)}@e.co`, 'a@b', 'A@EXAMPLE.COM'));
      else if (schema.format === 'date-time')
        choices.push(
          fc.constantFrom(...DATES),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        );
      else if (schema.format === 'uri')
        choices.push(fc.webUrl(), fc.constantFrom('javascript:alert(1)', `https://e.co/${at(2000)}`));
      else if (key === 'cursor') choices.push(cursors(fx.ids), cursors(fx.ids), cursors(fx.ids), cursors(fx.ids));
      else if (key === 'widgetKey' || key === 'key') choices.push(fc.constant(fx.widgetKey), fc.constant(fx.widgetKey));
      else if (schema.pattern) choices.push(fc.stringMatching(new RegExp(schema.pattern, 'u')));
      return fc.oneof(...choices);
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -(2 ** 31);
      const max = schema.maximum ?? 2 ** 31;
      return fc.oneof(
        fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) }),
        { arbitrary: fc.constantFrom(min, max, min - 1, max + 1, ...NUMBERS), weight: 3 },
      );
    }
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('true', 0, 1));
    case 'array':
      return fc.array(edge(schema.items ?? {}, fx, key), { maxLength: Math.min((schema.maxItems ?? 10) + 1, 25) });
    case 'object': {
      const props = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, edge(s, fx, k)]));
      const record = fc.record(model, { requiredKeys: [] });
      // Mostly with the required keys (so the call reaches the handler), sometimes without, sometimes with extras.
      const withRequired = fc
        .tuple(record, fc.record(Object.fromEntries((schema.required ?? []).map((k) => [k, model[k]!]))))
        .map(([r, req]) => ({ ...r, ...req }));
      return fc.oneof(
        { arbitrary: withRequired, weight: 6 },
        { arbitrary: record, weight: 1 },
        { arbitrary: withRequired.map((r) => ({ ...r, unexpected: 1 })), weight: 1 },
      );
    }
    default:
      return fc.constantFrom(...WRONG);
  }
}

/** A value for one schema node: mostly one that fits or sits at its edges, now and then the wrong type entirely. */
const edge = (schema: Schema, fx: Fixtures, key = ''): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid(schema, fx, key), weight: 8 }, { arbitrary: fc.constantFrom(...WRONG), weight: 1 });

const toJson = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Schema;
const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

interface Call {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  rawBody: string | null;
}

function callsFor(spec: RouteSpec, fx: Fixtures): fc.Arbitrary<Call> {
  const part = (s: z.ZodType | undefined) => (s ? edge(toJson(s), fx) : fc.constant(undefined));
  return fc.record({
    params: part(spec.params).map((p) =>
      p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {},
    ),
    query: part(spec.query).map((q) =>
      q && typeof q === 'object' && !Array.isArray(q) ? (q as Record<string, unknown>) : {},
    ),
    body: part(spec.body),
    rawBody: fc.oneof(
      { arbitrary: fc.constant(null), weight: 12 },
      { arbitrary: fc.constantFrom('{', '[]', '"x"', '\u0000', '{"a":', '1e999', '{"__proto__":{"x":1}}'), weight: 1 },
    ),
  });
}

/** A path segment as sent; a lone surrogate (which has no UTF-8) goes as the bytes of one, invalid UTF-8. */
function pathSegment(text: string) {
  try {
    return encodeURIComponent(text);
  } catch {
    return `%ED%A0%80${encodeURIComponent(text.replace(/[\ud800-\udfff]/g, ''))}`;
  }
}

async function send(spec: RouteSpec, call: Call, token: string | null) {
  const path = spec.path.replace(/:(\w+)/g, (_, k: string) => pathSegment(asText(call.params[k] ?? 'x')));
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(call.query)) {
    if (Array.isArray(v)) for (const item of v) qs.append(k, asText(item));
    else if (v !== undefined) qs.append(k, asText(v));
  }
  const hasBody = spec.method !== 'GET' && spec.method !== 'DELETE';
  const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  const res = await fetch(`${server.baseUrl}${path}${qs.size ? `?${qs}` : ''}`, {
    method: spec.method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(hasBody && body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(hasBody && body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  return { status: res.status, text };
}

describe('every route at the edges of its schemas', () => {
  for (const name of Object.keys(ROUTES) as RouteName[]) {
    const spec = ROUTES[name] as RouteSpec;
    it(`${name} (${spec.method} ${spec.path}) never answers 5xx`, async () => {
      let fx = await fixtures();
      // A call may end the session it came with (logout, a password change) or demote its admin: start again then.
      const fresh = async () => {
        if (spec.auth.kind !== 'agent') return;
        const me = await fetch(`${server.baseUrl}/api/v1/me`, {
          headers: { authorization: `Bearer ${fx.agentToken}` },
        });
        const role = me.ok ? ((await me.json()) as { agent: { role: string } }).agent.role : null;
        if (role === 'admin') return;
        // The session ended (logout): signing in again is enough. Anything else (a new password, a lost role):
        // new fixtures.
        const again =
          me.status === 401
            ? await fetch(`${server.baseUrl}/api/v1/auth/login`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ email: fx.org.agent.email, password: fx.org.password }),
              })
            : null;
        if (again?.ok) fx = { ...fx, agentToken: ((await again.json()) as { accessToken: string }).accessToken };
        else fx = await fixtures();
      };
      await fc.assert(
        fc.asyncProperty(callsFor(spec, fx), async (call) => {
          await fresh();
          const token =
            spec.auth.kind === 'agent' ? fx.agentToken : spec.auth.kind === 'visitor' ? fx.visitorToken : null;
          const { status, text } = await send(spec, call, token);
          expect(status, `${spec.method} ${spec.path} answered ${status}: ${text.slice(0, 300)}`).toBeLessThan(500);
          if (status >= 400) {
            const json = JSON.parse(text) as { error?: { code?: string; message?: string } };
            expect(ERROR_CODES, `${status}: ${text.slice(0, 300)}`).toContain(json.error?.code);
            expect(typeof json.error?.message).toBe('string');
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }, 60_000);
  }
});

describe('the two 500s of issue 12, by hand', () => {
  it('message paging at 2^31 is a 400 on the agent and the visitor routes', async () => {
    const fx = await fixtures();
    const conv = fx.ids[0]!;
    for (const q of ['before=2147483648', 'after=2147483648', 'before=9007199254740993', 'after=-1']) {
      const agent = await fetch(`${server.baseUrl}/api/v1/conversations/${conv}/messages?${q}`, {
        headers: { authorization: `Bearer ${fx.agentToken}` },
      });
      expect(agent.status, q).toBe(400);
      expect(((await agent.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
      const visitor = await fetch(`${server.baseUrl}/api/v1/widget/conversations/${conv}/messages?${q}`, {
        headers: { authorization: `Bearer ${fx.visitorToken}` },
      });
      expect(visitor.status, q).toBe(400);
    }
    const top = await fetch(`${server.baseUrl}/api/v1/conversations/${conv}/messages?before=2147483647`, {
      headers: { authorization: `Bearer ${fx.agentToken}` },
    });
    expect(top.status).toBe(200);
  });

  it('an inbox cursor whose id is 36 dashes (or a time PostgreSQL cannot hold) is a 400', async () => {
    const fx = await fixtures();
    for (const raw of [
      `${new Date().toISOString()}|${'-'.repeat(36)}`,
      `${new Date().toISOString()}|${'a'.repeat(36)}`,
      `-271821-04-20T00:00:00.000Z|${randomUUID()}`,
      `${new Date().toISOString()}|${randomUUID()}|extra`,
    ]) {
      const cursor = Buffer.from(raw).toString('base64url');
      const res = await fetch(`${server.baseUrl}/api/v1/conversations?cursor=${cursor}`, {
        headers: { authorization: `Bearer ${fx.agentToken}` },
      });
      expect(res.status, raw).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    }
  });
});
