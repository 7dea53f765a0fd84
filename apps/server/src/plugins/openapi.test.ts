import SwaggerParser from '@apidevtools/swagger-parser';
import { ROUTES, type RouteAuth, type RouteName, type RouteSpec, ZErrorResponse } from '@oceras/protocol';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/helpers.js';

let server: TestServer;
let doc: OpenAPIV3.Document;
beforeAll(async () => {
  server = await startTestServer();
  const res = await fetch(`${server.baseUrl}/api/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as OpenAPIV3.Document;
});
afterAll(() => server.close());

const ERROR_REF = '#/components/schemas/ErrorResponse';
/** Every `$ref` anywhere under `value`. */
const refsIn = (value: unknown): string[] =>
  JSON.stringify(value)
    .match(/"\$ref":"[^"]+"/g)
    ?.map((r) => r.slice(8, -1)) ?? [];
const operations = () =>
  Object.entries(ROUTES).map(([name, spec]) => {
    const path = spec.path.replace(/:(\w+)/g, '{$1}');
    const op = doc.paths[path]?.[spec.method.toLowerCase() as OpenAPIV3.HttpMethods];
    return { name: name as RouteName, spec, path, op: op as OpenAPIV3.OperationObject };
  });

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3 document (swagger-parser: schema and every reference)', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('documents every route of ROUTES, at its own path and method, and nothing else but avatars, unsubscribe, inbound email, the rating page', () => {
    for (const { name, op } of operations()) expect(op?.operationId, name).toBe(name);
    const documented = Object.values(doc.paths).flatMap((item) => Object.keys(item ?? {}));
    // The routes outside the table: the avatars (an image, plugins/avatars.ts), the follow-up emails' one-click
    // unsubscribe (a form post and HTML pages) and inbound email (a raw RFC 822 body), plugins/email-routes.ts, and
    // the rating emails' page (a form post and HTML pages, modules/satisfaction/rating-page.routes.ts).
    expect(documented).toHaveLength(Object.keys(ROUTES).length + 6);
    const rating = doc.paths['/api/v1/email/rating/{token}'];
    expect([rating?.get?.operationId, rating?.post?.operationId]).toEqual(['getRatingPage', 'submitRatingPage']);
    const inbound = doc.paths['/api/v1/inbound/email']?.post;
    expect(inbound?.operationId).toBe('receiveInboundEmail');
    expect(inbound?.security).toEqual([{ inboundEmailSecret: [] }]);
    const avatar = doc.paths['/api/v1/avatars/{agentId}/{file}']?.get;
    expect(avatar?.operationId).toBe('getAvatar');
    expect(avatar?.security).toBeUndefined();
    const unsubscribe = doc.paths['/api/v1/email/unsubscribe/{key}'];
    expect([unsubscribe?.get?.operationId, unsubscribe?.post?.operationId]).toEqual([
      'getEmailUnsubscribe',
      'emailUnsubscribe',
    ]);
  });

  it('names its schemas in components, and the routes use them', () => {
    const schemas = doc.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['Conversation', 'Message', 'ErrorResponse']));
    const used = refsIn(doc.paths);
    for (const ref of used) expect(schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
    expect(refsIn(doc.paths['/api/v1/conversations/{id}']?.get?.responses?.['200'])).toEqual([
      '#/components/schemas/Conversation',
    ]);
    expect(refsIn(doc.paths['/api/v1/conversations/{id}/messages']?.post?.requestBody)).toEqual([
      '#/components/schemas/SendMessageRequestInput',
    ]);
    expect(schemas.ErrorResponse).toMatchObject({
      type: 'object',
      required: ['error'],
      properties: { error: { required: ['code', 'message'] } },
    });
  });

  it('gives every route its error answers, all in the one error shape', () => {
    for (const { name, spec, op } of operations()) {
      const errors = Object.entries(op.responses).filter(([status]) => status.startsWith('4'));
      expect(errors.length, name).toBeGreaterThan(0);
      for (const [status, response] of [...errors, ['503', op.responses['503']] as const]) {
        expect(refsIn(response), `${name} ${status}`).toEqual([ERROR_REF]);
      }
      const statuses = Object.keys(op.responses);
      expect(statuses, name).toEqual(expect.arrayContaining(['429', '503']));
      if (spec.auth.kind !== 'public') expect(statuses, name).toContain('401');
      if (spec.auth.kind === 'agent') expect(statuses, name).toContain('403');
      if ('params' in spec) expect(statuses, name).toEqual(expect.arrayContaining(['400', '404']));
    }
    const login = operations().find((o) => o.name === 'login')!;
    expect(Object.keys(login.op.responses)).toEqual(expect.arrayContaining(['400', '401', '429']));
  });

  it('names the credential each route takes: an agent session, an API token where a scope allows, a visitor session', () => {
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual([
      'agentSession',
      'apiToken',
      'inboundEmailSecret',
      'visitorSession',
    ]);
    const byKind = { public: 0, account: 0, scoped: 0, visitor: 0 };
    for (const { name, spec, op } of operations()) {
      const auth = spec.auth as RouteAuth;
      const kind = auth.kind === 'agent' ? (auth.scope ? 'scoped' : 'account') : auth.kind;
      byKind[kind]++;
      const expected = {
        public: undefined,
        account: [{ agentSession: [] }],
        scoped: [{ agentSession: [] }, { apiToken: [] }],
        visitor: [{ visitorSession: [] }],
      }[kind];
      expect(op.security, name).toEqual(expected);
    }
    expect(Object.values(byKind).every((n) => n > 0)).toBe(true);
  });

  it('shows an example of every route (parameters, body, answer), each one the route accepts or answers', () => {
    const media = (x: unknown) =>
      (x as { content?: Record<string, { example?: unknown }> } | undefined)?.content?.['application/json'];
    let answers = 0;
    for (const { name, spec: route, op } of operations()) {
      const spec: RouteSpec = route;
      const params = Object.fromEntries(
        (op.parameters as OpenAPIV3.ParameterObject[] | undefined)
          ?.filter((p) => p.in === 'path')
          .map((p) => [p.name, p.example]) ?? [],
      );
      if (spec.params)
        expect(spec.params.safeParse(params).success, `${name} params ${JSON.stringify(params)}`).toBe(true);
      const query = Object.fromEntries(
        (op.parameters as OpenAPIV3.ParameterObject[] | undefined)
          ?.filter((p) => p.in === 'query' && p.example !== undefined)
          .map((p) => [p.name, p.example]) ?? [],
      );
      if (spec.query) expect(spec.query.safeParse(query).success, `${name} query`).toBe(true);
      if (spec.body) {
        const body = media(op.requestBody)?.example;
        expect(body, `${name} body example`).toBeDefined();
        expect(spec.body.safeParse(body).success, `${name} body ${JSON.stringify(body)}`).toBe(true);
      }
      if (spec.csv) continue;
      const answer = media(op.responses[String(spec.status ?? 200)])?.example;
      expect(answer, `${name} answer example`).toBeDefined();
      expect(spec.response.safeParse(answer).success, `${name} answer`).toBe(true);
      answers++;
    }
    expect(answers).toBeGreaterThan(Object.keys(ROUTES).length - 5);
    // Values a reader recognises, not "string": the login takes an email and answers a token pair.
    const login = operations().find((o) => o.name === 'login')!.op;
    expect(media(login.requestBody)?.example).toEqual({ email: 'ada@example.com', password: expect.any(String) });
  });

  it('the error shape it documents is the one the server sends', async () => {
    const unauthenticated = await fetch(`${server.baseUrl}/api/v1/conversations`);
    expect(unauthenticated.status).toBe(401);
    expect(ZErrorResponse.safeParse(await unauthenticated.json()).success).toBe(true);
    const invalid = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not an email' }),
    });
    expect(invalid.status).toBe(400);
    const body = ZErrorResponse.parse(await invalid.json());
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details?.length).toBeGreaterThan(0);
  });
});
