import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { RouteName } from '@oceras/protocol';
import { LIMITS, PROTOCOL_VERSION } from '@oceras/protocol';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import pino from 'pino';
import { type Database, openDatabase } from './db/client.js';
import type { Env } from './env.js';
import { createLocalBus, type EventBus } from './events/bus.js';
import { startScheduler } from './jobs/scheduler.js';
import { hashToken } from './lib/crypto.js';
import { loggerOptions, pathOnly } from './lib/logger.js';
import { createMailer } from './lib/mailer.js';
import { agentHandlers } from './modules/agents/agents.handlers.js';
import { authHandlers } from './modules/auth/auth.handlers.js';
import { PrincipalCache } from './modules/auth/principal-cache.js';
import { TokenService } from './modules/auth/tokens.js';
import { conversationHandlers } from './modules/conversations/conversations.handlers.js';
import { invitationHandlers } from './modules/invitations/invitations.handlers.js';
import { widgetHandlers } from './modules/widget/widget.handlers.js';
import { dashboardAssets } from './plugins/dashboard-assets.js';
import { installErrorHandling } from './plugins/error-handler.js';
import { type RateLimitConfig, registerRoutes } from './plugins/routes.js';
import { attachRealtime } from './realtime/io.js';
import { Presence } from './realtime/presence.js';
import type { Services } from './services.js';

export interface BuildOptions {
  env: Env;
  /** Reuse an open database (tests); otherwise one is opened from env and closed with the app. */
  database?: Database;
  bus?: EventBus;
  logger?: pino.Logger;
  /** Per-route limit overrides (tests that create many organizations from one IP). */
  rateLimits?: Partial<Record<RouteName, RateLimitConfig>>;
}

const bySession = (req: { headers: Record<string, unknown>; ip: string }) => {
  const auth = req.headers.authorization;
  return typeof auth === 'string' ? `session:${hashToken(auth)}` : `ip:${req.ip}`;
};

/** The whole application, not listening: main.ts listens, tests use inject() or listen on port 0. */
export async function buildApp(options: BuildOptions) {
  const { env } = options;
  const logger = options.logger ?? pino(loggerOptions(env.LOG_LEVEL));
  const database =
    options.database ??
    (await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: env.DATABASE_POOL_SIZE, logger }));
  const bus = options.bus ?? createLocalBus();
  const services: Services = {
    env,
    db: database.db,
    bus,
    tokens: new TokenService(env.JWT_SECRET),
    mailer: await createMailer({ url: env.SMTP_URL, from: env.SMTP_FROM, logger }),
    presence: new Presence(),
    principals: new PrincipalCache(database.db),
    logger,
  };

  const app = Fastify({
    loggerInstance: logger,
    disableRequestLogging: true,
    bodyLimit: LIMITS.bodyLimitBytes,
    trustProxy: env.TRUST_PROXY as boolean,
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Request log: time, method, path, status, IP. Never bodies, headers or query strings.
  app.addHook('onResponse', async (req, rep) => {
    req.log.info(
      {
        method: req.method,
        path: pathOnly(req.url),
        status: rep.statusCode,
        ip: req.ip,
        ms: Math.round(rep.elapsedTime),
      },
      'request',
    );
  });

  installErrorHandling(app);
  await app.register(helmet, {
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
      },
    },
  });
  await app.register(cors, {
    delegator: (req, cb) => {
      // The widget API is called from customers' sites; it authenticates with bearer tokens, never cookies.
      const isWidget = (req.url ?? '').startsWith('/api/v1/widget/');
      cb(null, { origin: isWidget ? true : env.CORS_ORIGINS, credentials: false, maxAge: 600 });
    },
  });
  await app.register(rateLimit, {
    global: true,
    max: 600,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `rate limit reached: retry in ${Math.ceil(ctx.ttl / 1000)} s`,
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Oceras API', version: `v1 (protocol ${PROTOCOL_VERSION})` },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, rep) => {
    try {
      await database.ping();
      return { ok: true, database: 'up' };
    } catch {
      return rep.code(503).send({ ok: false, database: 'down' });
    }
  });

  const routes = registerRoutes(
    app,
    services,
    { ...authHandlers, ...agentHandlers, ...invitationHandlers, ...conversationHandlers, ...widgetHandlers },
    {
      login: { max: 20, timeWindow: '1 minute' },
      signup: { max: 10, timeWindow: '1 minute' },
      refresh: { max: 60, timeWindow: '1 minute' },
      acceptInvitation: { max: 10, timeWindow: '1 minute' },
      createWidgetSession: { max: 30, timeWindow: '1 minute' },
      // Per visitor session, whatever IP it comes from (the global limit still applies per IP).
      sendVisitorMessage: { max: 60, timeWindow: '1 minute', keyGenerator: bySession },
      startConversation: { max: 20, timeWindow: '1 minute', keyGenerator: bySession },
      ...options.rateLimits,
    },
  );

  await app.register(dashboardAssets);
  const realtime = attachRealtime(app.server, services);
  const scheduler = startScheduler(services);

  app.addHook('preClose', async () => {
    scheduler.stop();
    await realtime.close();
  });
  app.addHook('onClose', async () => {
    services.mailer.close();
    await bus.close();
    if (!options.database) await database.close();
  });

  return { app, services, routes, database, realtime, scheduler };
}
