import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import * as protocol from '@oceras/protocol';
import { PROTOCOL_VERSION, ROUTES, type RouteName, type RouteSpec } from '@oceras/protocol';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BRAND_FAVICON_SVG, DOCS_LOGO_SVG, DOCS_THEME_CSS } from './openapi-brand.js';
import { withExamples } from './openapi-examples.js';
import { SECURITY_SCHEMES } from './openapi-security.js';

export const ERROR_SCHEMA_REF = '#/components/schemas/ErrorResponse';

/**
 * Every schema the protocol exports, named after its export without the Z (`ZConversation` is `Conversation`),
 * so the document has named components and generated clients get the same types as `TConversation`. A registry
 * of our own, not zod's global one: the protocol stays free of ids, and the dashboard's bundle of them. Route
 * params and queries stay inline: OpenAPI lists them as parameters, which @fastify/swagger cannot read from a
 * reference.
 */
function protocolSchemas() {
  const registry = z.registry<{ id: string }>();
  const parameters = new Set<unknown>(Object.values(ROUTES).flatMap((r: RouteSpec) => [r.params, r.query]));
  for (const [name, value] of Object.entries(protocol)) {
    if (/^Z[A-Z]/.test(name) && value instanceof z.ZodType && !parameters.has(value) && !registry.has(value)) {
      registry.add(value, { id: name.slice(1) });
    }
  }
  return registry;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED: a parameter, the query or the body does not match its schema (`details` lists them)',
  401: 'UNAUTHENTICATED, TOKEN_EXPIRED, SESSION_REVOKED, INVALID_CREDENTIALS, INVALID_TWO_FACTOR_CODE or TWO_FACTOR_CHALLENGE_INVALID',
  403: 'FORBIDDEN (the role or the policy), INSUFFICIENT_SCOPE (an API token without the scope, or an account route), TWO_FACTOR_REQUIRED (set up two-factor sign-in first) or DOMAIN_NOT_ALLOWED (the widget on a page not allowed)',
  404: 'NOT_FOUND: no such resource in your organization',
  409: 'CONFLICT, SLUG_TAKEN, EMAIL_TAKEN, SHORTCODE_TAKEN (a canned response shortcode in use), TEAM_NAME_TAKEN, VISITORS_NOT_MERGEABLE (an erased contact, the same one, or two different verified users), CLIENT_ID_CONFLICT, ILLEGAL_TRANSITION, ATTACHMENT_UNAVAILABLE or VISITOR_ERASED (a reply to an erased visitor)',
  410: 'INVITATION_INVALID (used, withdrawn or expired) or URL_EXPIRED',
  413: 'PAYLOAD_TOO_LARGE, or QUOTA_EXCEEDED (the organization stores all it may)',
  415: 'UNSUPPORTED_MEDIA_TYPE: send application/json (uploads: a type the organization does not accept)',
  422: 'WEBHOOK_URL_REFUSED: the URL resolves to a loopback, private, link-local, CGNAT, multicast or unspecified address, or to nothing',
  429: 'RATE_LIMITED: retry after the Retry-After header',
  503: 'SERVICE_UNAVAILABLE: the database is away or busy; retry after the Retry-After header',
};

/** What a handler refuses beyond what the route table says of every route (see `errorStatuses`). */
const HANDLER_ERRORS: Partial<Record<RouteName, number[]>> = {
  signup: [409],
  login: [401],
  loginTwoFactor: [401],
  setUpTwoFactor: [409],
  enableTwoFactor: [401, 409],
  disableTwoFactor: [401, 409],
  regenerateRecoveryCodes: [401, 409],
  refresh: [401],
  acceptInvitation: [409, 410],
  updateOrganization: [409],
  updateAgent: [409],
  removeAgent: [409],
  deleteMe: [409],
  updateVisitor: [409],
  setVisitorRestriction: [409],
  sendTestPush: [409],
  createInvitation: [409],
  updateConversation: [409],
  sendMessage: [409],
  startConversation: [409],
  sendVisitorMessage: [409],
  getWidgetConfig: [403, 404],
  createWidgetSession: [403, 404],
  identifyVisitor: [404],
  createWebhook: [422],
  updateWebhook: [422],
  createCannedResponse: [409],
  updateCannedResponse: [409],
  // An agent id that is not the organization's (404), a name in use (409).
  createTeam: [404, 409],
  updateTeam: [409],
  mergeVisitors: [409],
  createVisitorNote: [409],
};

/**
 * The error statuses of a route, from its entry in the route table: every route may be rate limited (429) or
 * find the database away (503); input may be refused (400), a body too (413, 415); agent and visitor routes need
 * a token (401); agent routes check a role and policies (403); a path id may name nothing (404).
 */
export function errorStatuses(name: RouteName, spec: RouteSpec): number[] {
  const statuses = new Set([429, 503, ...(HANDLER_ERRORS[name] ?? [])]);
  if (spec.params || spec.query || spec.body) statuses.add(400);
  if (spec.body) for (const s of [413, 415]) statuses.add(s);
  if (spec.auth.kind !== 'public') statuses.add(401);
  if (spec.auth.kind === 'agent') statuses.add(403);
  if (spec.params) statuses.add(404);
  return [...statuses].sort((a, b) => a - b);
}

const errorResponse = (status: number) => ({
  description: ERROR_DESCRIPTIONS[status] ?? 'error',
  content: { 'application/json': { schema: { $ref: ERROR_SCHEMA_REF } } },
});

/** What holds for every route: the first thing an integrator reads at /api/docs. */
const API_CONVENTIONS = [
  "**Credentials.** `Authorization: Bearer` with one of three kinds (the security schemes): an agent's session " +
    "token, an API token (routes with a scope; never the account routes) or a widget visitor's session token.",
  '**Errors.** Every error answers `{ error: { code, message, details? } }` (ErrorResponse), with a stable `code` to ' +
    'branch on; each route lists its statuses. `details` names the fields of a `VALIDATION_FAILED`.',
  '**Lists.** A list that can grow without bound pages by keyset: `limit` (its maximum is in the schema) and ' +
    '`cursor`, answering `nextCursor` (null on the last page). The message logs page by their own `seq` instead ' +
    '(`after`, `before`, `hasMore`): clients resume a stream from the last seq they hold, and events carry it. Short ' +
    'lists answer in full or say their bound in the summary (`isTruncated` where a query narrows them).',
  '**Creates.** 201 for a new resource. Where the body carries a `clientId` (conversations and messages), sending ' +
    'the same one again writes nothing and answers 200 with the first answer: retry freely.',
  '**Versions.** Paths are under /api/v1; realtime clients send the protocol version and get `PROTOCOL_MISMATCH` ' +
    '(426) when they must update.',
].join('\n\n');

/** Swagger UI's browser side: `SwaggerUIBundle` is the global of its bundle. */
declare const SwaggerUIBundle: { plugins: { DownloadUrl: (system: unknown) => object } };

/**
 * The OpenAPI document at /api/openapi.json and Swagger UI at /api/docs, named and styled as Oceras. Registered on
 * the root instance (not encapsulated) so that @fastify/swagger sees every route.
 */
export async function registerOpenApi(app: FastifyInstance) {
  const schemaRegistry = protocolSchemas();
  const transformRoute = createJsonSchemaTransform({ schemaRegistry, skipList: [] });
  const transformObject = createJsonSchemaTransformObject({ schemaRegistry });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Oceras API',
        version: `v1 (protocol ${PROTOCOL_VERSION})`,
        description: API_CONVENTIONS,
      },
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: (route) => {
      const out = transformRoute(route);
      const name = route.schema?.operationId as RouteName | undefined;
      const spec = name ? (ROUTES[name] as RouteSpec | undefined) : undefined;
      if (!name || !spec || out.schema.hide) return out;
      const errors = Object.fromEntries(errorStatuses(name, spec).map((s) => [s, errorResponse(s)]));
      return { ...out, schema: { ...out.schema, response: { ...(out.schema.response as object), ...errors } } };
    },
    transformObject: (input) => withExamples(transformObject(input)),
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    logo: { type: 'image/svg+xml', content: Buffer.from(DOCS_LOGO_SVG), href: '/api/docs', target: '_self' },
    theme: {
      title: 'Oceras API',
      css: [{ filename: 'oceras.css', content: DOCS_THEME_CSS }],
      favicon: [
        {
          filename: 'favicon.svg',
          rel: 'icon',
          sizes: 'any',
          type: 'image/svg+xml',
          content: Buffer.from(BRAND_FAVICON_SVG),
        },
      ],
    },
    uiConfig: {
      // These run in the browser (serialized into swagger-initializer.js). Swagger UI draws its own top-bar logo
      // as an SVG holding a <style> element, which the page's CSP refuses (style-src has no 'unsafe-inline'):
      // the Logo component is replaced by an empty one, and `logo` above puts ours in the link it leaves. The
      // first plugin is the default list's only one (it loads the document), which `plugins` replaces.
      plugins: [(system) => SwaggerUIBundle.plugins.DownloadUrl(system), () => ({ components: { Logo: () => null } })],
    },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
