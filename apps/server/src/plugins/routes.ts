import {
  API_TOKEN_PREFIX,
  ROUTES,
  type RouteName,
  type RouteResponse,
  type RouteSpec,
  type TRole,
} from '@oceras/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../lib/errors.js';
import { FileDownload } from '../lib/json-stream.js';
import type { RateRule } from '../lib/rate-limiter.js';
import { Replayed } from '../lib/replayed.js';
import { checkTokenScope } from '../modules/api-tokens/check-scope.js';
import type { AgentPrincipal, RequestMeta, VisitorPrincipal } from '../principals.js';
import type { Services } from '../services.js';
import { securityOf } from './openapi-security.js';
import { rateKey } from './rate-limits.js';

type R = typeof ROUTES;
type PrincipalOf<N extends RouteName> = R[N]['auth'] extends { kind: 'agent' }
  ? AgentPrincipal
  : R[N]['auth'] extends { kind: 'visitor' }
    ? VisitorPrincipal
    : null;
type Parsed<N extends RouteName, K extends 'params' | 'query' | 'body'> =
  R[N] extends Record<K, infer S extends z.ZodType> ? z.output<S> : undefined;

export interface HandlerContext<N extends RouteName> {
  services: Services;
  principal: PrincipalOf<N>;
  params: Parsed<N, 'params'>;
  query: Parsed<N, 'query'>;
  body: Parsed<N, 'body'>;
  meta: RequestMeta;
  /** The raw bearer token of the caller, for routes that act on the current session. */
  request: FastifyRequest;
}
/** A streamed route (`stream: true`) answers a FileDownload (JSON, or CSV); the others their response schema's type. */
type Answer<N extends RouteName> = R[N] extends { stream: true }
  ? FileDownload
  : R[N] extends { replayable: true }
    ? RouteResponse<N> | Replayed<RouteResponse<N>>
    : RouteResponse<N>;
export type Handler<N extends RouteName> = (ctx: HandlerContext<N>) => Promise<Answer<N>>;
export type Handlers = { [N in RouteName]: Handler<N> };
export type SomeHandlers = Partial<Handlers>;

const RANK: Record<TRole, number> = { agent: 0, manager: 1, admin: 2 };

declare module 'fastify' {
  interface FastifyRequest {
    principal: AgentPrincipal | VisitorPrincipal | null;
  }
}

function bearer(req: FastifyRequest): string {
  const h = req.headers.authorization;
  if (!h?.startsWith('Bearer ') || h.length < 20)
    throw new AppError('UNAUTHENTICATED', 'send Authorization: Bearer <token>');
  return h.slice(7).trim();
}

/**
 * Registers the route table in three encapsulated contexts: public, agent and visitor. Authentication comes from
 * the context a route lands in, never from a flag on the route, and `Handlers` makes a route without a handler a
 * type error. The returned list is what the tenant/role matrix test walks.
 */
export function registerRoutes(
  app: FastifyInstance,
  services: Services,
  handlers: Handlers,
  rateLimits: Partial<Record<RouteName, RateRule>>,
) {
  const names = Object.keys(ROUTES) as RouteName[];
  const byKind = (kind: RouteSpec['auth']['kind']) => names.filter((n) => ROUTES[n].auth.kind === kind);

  const mount = (ctx: FastifyInstance, name: RouteName) => {
    const spec = ROUTES[name] as RouteSpec;
    const handler = handlers[name] as unknown as (c: HandlerContext<RouteName>) => Promise<unknown>;
    const limit = rateLimits[name];
    ctx.route({
      method: spec.method,
      url: spec.path,
      // Route hooks run after the context's: a limit per caller sees the principal the context authenticated.
      ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
      config: limit
        ? {
            rateLimit: {
              max: limit.max,
              timeWindow: limit.windowMs,
              keyGenerator: (req: FastifyRequest) => rateKey(limit.per, req.principal, req.ip),
            },
          }
        : {},
      schema: {
        summary: spec.summary,
        ...(spec.auth.kind === 'agent' && {
          description: spec.auth.scope
            ? `API tokens: needs the \`${spec.auth.scope}\` scope (or its \`:write\`).`
            : 'Not for API tokens: a signed-in agent only.',
        }),
        operationId: name,
        tags: [spec.path.split('/')[3] ?? 'api'],
        ...(spec.auth.kind === 'public' ? {} : { security: securityOf(spec.auth) }),
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.query ? { querystring: spec.query } : {}),
        ...(spec.body ? { body: spec.body } : {}),
        response: { [spec.status ?? 200]: spec.response, ...(spec.replayable && { 200: spec.response }) },
      },
      handler: async (req, rep) => {
        const result = await handler({
          services,
          principal: req.principal as never,
          params: req.params as never,
          query: req.query as never,
          body: req.body as never,
          meta: { ip: req.ip, userAgent: req.headers['user-agent']?.slice(0, 400) ?? null },
          request: req,
        });
        if (result instanceof Replayed) return rep.code(200).send(result.value);
        rep.code(spec.status ?? 200);
        if (result instanceof FileDownload) {
          // Sent as it is read: the response schema documents the document but cannot check a stream.
          rep
            .header('content-type', result.contentType)
            .header('content-disposition', `attachment; filename="${result.filename}"`)
            .header('cache-control', 'no-store');
          const body = result.readable();
          body.on('error', (err) => services.errors.report(err, `${name} stream`));
          return body;
        }
        return result;
      },
    });
  };

  app.register(async (publicCtx) => {
    publicCtx.decorateRequest('principal', null);
    for (const n of byKind('public')) mount(publicCtx, n);
  });

  app.register(async (agentCtx) => {
    agentCtx.decorateRequest('principal', null);
    agentCtx.addHook('onRequest', async (req) => {
      const token = bearer(req);
      const spec = ROUTES[(req.routeOptions.schema?.operationId ?? '') as RouteName] as RouteSpec | undefined;
      const auth = spec?.auth.kind === 'agent' ? spec.auth : { role: 'admin' as const, scope: null };
      // An API token is its creator narrowed by its scopes: the scope first, then the same role rule as a session.
      const principal = token.startsWith(API_TOKEN_PREFIX)
        ? await services.principals.apiToken(token, req.ip)
        : await services.principals.agent(await services.tokens.verifyAccess(token));
      if (principal.apiToken) {
        checkTokenScope(principal, auth.scope);
        const verdict = await services.limits.limiter.hit('token', principal.apiToken.id, services.limits.perToken);
        if (!verdict.isAllowed) {
          const s = Math.ceil(verdict.retryAfterMs / 1000);
          throw new AppError('RATE_LIMITED', `this token's rate limit is reached: retry in ${s} s`, undefined, {
            'retry-after': String(s),
          });
        }
      }
      if (RANK[principal.role] < RANK[auth.role]) throw new AppError('FORBIDDEN', `this needs the ${auth.role} role`);
      if (principal.needsTwoFactor && !spec?.beforeTwoFactor) {
        throw new AppError('TWO_FACTOR_REQUIRED', 'your organization requires two-factor sign-in: set it up first');
      }
      req.principal = principal;
    });
    for (const n of byKind('agent')) mount(agentCtx, n);
  });

  app.register(async (visitorCtx) => {
    visitorCtx.decorateRequest('principal', null);
    visitorCtx.addHook('onRequest', async (req) => {
      req.principal = await services.principals.visitor(bearer(req));
    });
    for (const n of byKind('visitor')) mount(visitorCtx, n);
  });

  return names.map((n) => ({ name: n, ...(ROUTES[n] as RouteSpec) }));
}
