import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { RouteName } from '@oceras/protocol';
import { LIMITS } from '@oceras/protocol';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import pino from 'pino';
import { type Database, openDatabase } from './db/client.js';
import type { Env } from './env.js';
import { createLocalBus, type EventBus } from './events/bus.js';
import { recentEvents } from './events/event-log.js';
import { createRedisBus, type SharedBus } from './events/redis-bus.js';
import { createScheduler } from './jobs/scheduler.js';
import { clientAddress, trustFunction } from './lib/client-address.js';
import { createErrorReporter } from './lib/error-reply.js';
import { bodyDeadline, clientErrorHandler, closeGraceMs, httpTimeouts } from './lib/http-timeouts.js';
import { HSTS_HEADER, HSTS_MAX_AGE_S, httpsOptions } from './lib/https.js';
import { isUnloggedRequest, loggerOptions, pathOnly } from './lib/logger.js';
import { createMailer } from './lib/mailer.js';
import { RateLimiter } from './lib/rate-limiter.js';
import { connectRedis } from './lib/redis.js';
import { mentionHandlers } from './modules/agent-notices/mentions.handlers.js';
import { agentHandlers } from './modules/agents/agents.handlers.js';
import { apiTokenHandlers } from './modules/api-tokens/api-tokens.handlers.js';
import { createAssignmentWorker } from './modules/assignment/assignment-worker.js';
import { attachmentHandlers } from './modules/attachments/attachments.handlers.js';
import { createStorage, storageOrigins } from './modules/attachments/create-storage.js';
import { FILES_PATH, FileUrls } from './modules/attachments/file-urls.js';
import { createThumbnailer } from './modules/attachments/make-thumbnail.js';
import { auditHandlers } from './modules/audit/audit.handlers.js';
import { authHandlers } from './modules/auth/auth.handlers.js';
import { PrincipalCache } from './modules/auth/principal-cache.js';
import { TokenService } from './modules/auth/tokens.js';
import { cannedResponseHandlers } from './modules/canned-responses/canned-responses.handlers.js';
import { contactHandlers } from './modules/contacts/contacts.handlers.js';
import { conversationHandlers } from './modules/conversations/conversations.handlers.js';
import { customFieldHandlers } from './modules/custom-fields/custom-fields.handlers.js';
import { emailHandlers } from './modules/email/email.handlers.js';
import { emailInboxHandlers } from './modules/email/email-inboxes.handlers.js';
import { createEmailWorker } from './modules/email/email-worker.js';
import { identityHandlers } from './modules/identity/identity.handlers.js';
import { invitationHandlers } from './modules/invitations/invitations.handlers.js';
import { privacyHandlers } from './modules/privacy/privacy.handlers.js';
import { deviceHandlers } from './modules/push/devices.handlers.js';
import { createPushWorker } from './modules/push/push-worker.js';
import { createBusinessFiller } from './modules/reports/business-filler.js';
import { reportHandlers } from './modules/reports/reports.handlers.js';
import { ratingPageRoutes } from './modules/satisfaction/rating-page.routes.js';
import { satisfactionHandlers } from './modules/satisfaction/satisfaction.handlers.js';
import { savedViewHandlers } from './modules/saved-views/saved-views.handlers.js';
import { searchHandlers } from './modules/search/search.handlers.js';
import { teamHandlers } from './modules/teams/teams.handlers.js';
import { termsHandlers } from './modules/terms/terms.handlers.js';
import { signInHandlers } from './modules/two-factor/sign-in-challenge.js';
import { twoFactorHandlers } from './modules/two-factor/two-factor.handlers.js';
import type { Lookup } from './modules/webhooks/url-guard.js';
import { createWebhookWorker } from './modules/webhooks/webhook-worker.js';
import { webhookHandlers } from './modules/webhooks/webhooks.handlers.js';
import { visitorSessionHandlers } from './modules/widget/visitor-sessions.handlers.js';
import { widgetHandlers } from './modules/widget/widget.handlers.js';
import { avatarRoutes } from './plugins/avatars.js';
import { dashboardAssets } from './plugins/dashboard-assets.js';
import { emailRoutes, inboundEmailRoute } from './plugins/email-routes.js';
import { frameworkErrors, installErrorHandling } from './plugins/error-handler.js';
import { fileRoutes } from './plugins/files.js';
import {
  assignmentPlugin,
  businessFillerPlugin,
  connectionsPlugin,
  emailPlugin,
  pushPlugin,
  realtimePlugin,
  schedulerPlugin,
  smtpReceiverPlugin,
  webhooksPlugin,
} from './plugins/lifecycle.js';
import { registerOpenApi } from './plugins/openapi.js';
import { type RateLimitOverride, rateKey, routeRateLimits } from './plugins/rate-limits.js';
import { registerRoutes } from './plugins/routes.js';
import { registerWidgetAssets } from './plugins/widget-assets.js';
import { Presence } from './realtime/presence.js';
import type { CoreServices, Services } from './services.js';

const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface BuildOptions {
  env: Env;
  /** Reuse an open database (tests); otherwise one is opened from env and closed with the app. */
  database?: Database;
  bus?: EventBus;
  logger?: pino.Logger;
  /** Per-route limit overrides (tests that create many organizations from one IP). */
  rateLimits?: Partial<Record<RouteName, RateLimitOverride>>;
  /** How webhook hosts resolve (tests: a name that resolves to 127.0.0.1, DNS rebinding); the system's otherwise. */
  webhookLookup?: Lookup;
  /** The time business hours are read at (tests move it); the system's clock otherwise. */
  clock?: () => Date;
}

/** The local driver's upload PUT (plugins/files.ts), whose body may take as long as the file needs. */
const isUploadRequest = (method: string, url: string) => method === 'PUT' && url.startsWith(`${FILES_PATH}/`);

/** The whole application, not listening: main.ts listens, tests use inject() or listen on port 0. */
export async function buildApp(options: BuildOptions) {
  const { env } = options;
  const logger = options.logger ?? pino(loggerOptions(env.LOG_LEVEL));
  const database =
    options.database ??
    (await openDatabase({
      url: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
      poolSize: env.DATABASE_POOL_SIZE,
      logger,
      pooled: env.DATABASE_POOLER === 'transaction',
      queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
    }));
  // With REDIS_URL, processes share events, signals and rate limits through Redis; without it, all in memory.
  const sharedBus: SharedBus | null =
    !options.bus && env.REDIS_URL
      ? createRedisBus({
          url: env.REDIS_URL,
          logger,
          recentEvents: (since, limit) => recentEvents(database.db, since, limit),
        })
      : null;
  const bus = options.bus ?? sharedBus ?? createLocalBus();
  const limiterRedis = env.REDIS_URL ? connectRedis(env.REDIS_URL, 'rate-limit', logger) : null;
  let draining = false;
  const trust = trustFunction(env.TRUST_PROXY);
  const core: CoreServices = {
    env,
    db: database.db,
    prepared: database.prepared,
    bus,
    tokens: new TokenService(env.JWT_SECRET),
    mailer: await createMailer({ url: env.SMTP_URL, from: env.SMTP_FROM, logger }),
    presence: new Presence(),
    principals: new PrincipalCache(database.db, env.VISITOR_SESSION_TTL_DAYS),
    logger,
    clock: options.clock ?? (() => new Date()),
    errors: createErrorReporter(logger),
    storage: await createStorage(env),
    fileUrls: new FileUrls(env.JWT_SECRET, env.PUBLIC_URL, env.UPLOAD_URL_TTL_SECONDS),
    limits: {
      limiter: new RateLimiter(
        limiterRedis && { redis: limiterRedis.redis, isUp: () => limiterRedis.status() === 'up' },
      ),
      routes: routeRateLimits(options.rateLimits),
      perAddress: { max: env.RATE_LIMIT_PER_MINUTE, windowMs: 60_000, per: 'address' },
      perToken: { max: env.API_TOKEN_RATE_LIMIT_PER_MINUTE, windowMs: 60_000, per: 'caller' },
      addressOf: (raw) => clientAddress(raw, trust),
    },
  };
  // Push is built on the other services and is one of them: wakes before the app is ready wait for its start.
  const push = createPushWorker(core, {
    pollMs: env.PUSH_POLL_MS,
    receiptEveryMs: Math.max(env.PUSH_POLL_MS, Math.min(60_000, env.PUSH_RECEIPT_DELAY_MS)),
    receiptDelayMs: env.PUSH_RECEIPT_DELAY_MS,
    retryBaseMs: env.PUSH_RETRY_BASE_MS,
    claimMs: env.PUSH_CLAIM_MS,
    expoAccessToken: env.EXPO_ACCESS_TOKEN,
    expoBaseUrl: env.EXPO_BASE_URL,
  });
  const thumbnails = createThumbnailer(core);
  const webhooks = createWebhookWorker(core, {
    pollMs: env.WEBHOOK_POLL_MS,
    retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
    allowPrivate: env.WEBHOOK_ALLOW_PRIVATE,
    lookup: options.webhookLookup,
  });
  const email = createEmailWorker(core, {
    pollMs: env.EMAIL_POLL_MS,
    retryBaseMs: env.EMAIL_RETRY_BASE_MS,
    claimMs: env.EMAIL_CLAIM_MS,
    maxAttempts: env.EMAIL_MAX_ATTEMPTS,
  });
  const assignment = createAssignmentWorker(core, { pollMs: env.ASSIGNMENT_POLL_MS });
  const services: Services = { ...core, push, thumbnails, webhooks, email, assignment };

  const timeouts = httpTimeouts(env.REQUEST_TIMEOUT_MS, env.UPLOAD_TIMEOUT_MS);
  const tls = httpsOptions(env);
  const app = Fastify({
    loggerInstance: logger,
    // Fastify's own request lines are off: ours (below) carry no query string.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: LIMITS.bodyLimitBytes,
    // No avvio timer: its 60 s timer also guards Fastify's own ready step, and it fired in tests that close and
    // rebuild an app on one port (the widget's restart test), failing a process that was fine, long after its
    // tests had passed. A start that hangs is caught by main.ts's own deadline instead (START_DEADLINE_MS).
    pluginTimeout: 0,
    trustProxy: trust,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: frameworkErrors(services.errors),
    ...timeouts,
    // The server's own TLS (HTTPS_CERT_FILE): Node passes `http` options only to a plain server, so here too.
    ...(tls && { https: { ...timeouts.http, ...tls } }),
    clientErrorHandler,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', bodyDeadline(env.REQUEST_TIMEOUT_MS, isUploadRequest));
  // Before any close step: whatever request is still open a grace period later is cut (an upload may take an hour).
  app.addHook('preClose', (done) => {
    setTimeout(() => app.server.closeAllConnections(), closeGraceMs(env.REQUEST_TIMEOUT_MS)).unref();
    done();
  });

  // Request log: time, method, path, status, IP. Never bodies, headers or query strings.
  app.addHook('onResponse', async (req, rep) => {
    if (!logger.isLevelEnabled('info') || isUnloggedRequest(req)) return;
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

  installErrorHandling(app, services.errors);
  await app.register(helmet, {
    hsts: { maxAge: HSTS_MAX_AGE_S, includeSubDomains: true },
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
      // The widget API is called from customers' sites; it authenticates with bearer tokens, never cookies. File
      // URLs are their own credential (signed), and any client origin may send or show them.
      const isWidget = (req.url ?? '').startsWith('/api/v1/widget/') || (req.url ?? '').startsWith('/api/v1/files/');
      // Every method of the route table: an agent app on an allowed origin (the mobile app's web build) also
      // assigns (PATCH), marks read (PUT) and removes devices (DELETE); @fastify/cors allows GET/HEAD/POST by default.
      cb(null, { origin: isWidget ? true : env.CORS_ORIGINS, methods: CORS_METHODS, credentials: false, maxAge: 600 });
    },
  });
  await app.register(rateLimit, {
    global: true,
    max: services.limits.perAddress.max,
    timeWindow: services.limits.perAddress.windowMs,
    store: services.limits.limiter.pluginStore() as never,
    // Ours, not the plugin's: a request whose connection died before it was read has no address (the plugin's
    // own key generator threw a TypeError on a malformed chunked body).
    keyGenerator: (req) => rateKey('address', null, req.ip),
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `rate limit reached: retry in ${Math.ceil(ctx.ttl / 1000)} s`,
    }),
  });
  await registerOpenApi(app);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  // Ready = this process can serve: database reachable and not draining. Redis is reported; without it a
  // process still serves REST and its own sockets (catching up from the database), so by default it stays in the
  // load balancer. `?strict=1` also requires Redis (for orchestrators that would rather restart such a process).
  app.get('/readyz', { schema: { hide: true } }, async (req, rep) => {
    const db = await database.ping().then(
      () => 'up' as const,
      () => 'down' as const,
    );
    const redisState = env.REDIS_URL
      ? (sharedBus?.status() ?? 'up') === 'up' && limiterRedis?.status() === 'up'
        ? 'up'
        : 'down'
      : 'not configured';
    const strict = (req.query as { strict?: string }).strict === '1';
    const ok = db === 'up' && !draining && !(strict && redisState === 'down');
    return rep.code(ok ? 200 : 503).send({ ok, database: db, redis: redisState, ...(draining && { draining: true }) });
  });

  registerWidgetAssets(app, services);
  await app.register(fileRoutes, { services });
  await app.register(avatarRoutes, { services });
  await app.register(emailRoutes, { services });
  await app.register(inboundEmailRoute, { services });
  await app.register(ratingPageRoutes, { services });
  const routes = registerRoutes(
    app,
    services,
    {
      ...authHandlers,
      ...signInHandlers,
      ...twoFactorHandlers,
      ...agentHandlers,
      ...identityHandlers,
      ...invitationHandlers,
      ...conversationHandlers,
      ...mentionHandlers,
      ...searchHandlers,
      ...widgetHandlers,
      ...visitorSessionHandlers,
      ...deviceHandlers,
      ...attachmentHandlers,
      ...privacyHandlers,
      ...auditHandlers,
      ...termsHandlers,
      ...apiTokenHandlers,
      ...webhookHandlers,
      ...reportHandlers,
      ...satisfactionHandlers,
      ...cannedResponseHandlers,
      ...savedViewHandlers,
      ...teamHandlers,
      ...customFieldHandlers,
      ...contactHandlers,
      ...emailHandlers,
      ...emailInboxHandlers,
    },
    services.limits.routes,
  );

  await app.register(dashboardAssets, { fileOrigins: storageOrigins(env) });
  const scheduler = createScheduler(services);
  await app.register(schedulerPlugin, { scheduler });
  const businessFiller = createBusinessFiller(services, { pollMs: env.REPORT_FILL_POLL_MS });
  await app.register(businessFillerPlugin, { businessFiller });
  await app.register(pushPlugin, { push });
  await app.register(webhooksPlugin, { webhooks });
  await app.register(emailPlugin, { email });
  await app.register(assignmentPlugin, { assignment });
  await app.register(smtpReceiverPlugin, { services });
  await app.register(realtimePlugin, { services });
  // HSTS on every response (§8), Socket.IO's own included: it answers its requests before any Fastify hook, so the
  // header is set first, on the raw server (helmet sets the same one again on the routes).
  app.server.prependListener('request', (_req, res) => res.setHeader('strict-transport-security', HSTS_HEADER));
  await app.register(connectionsPlugin, { services, limiterRedis, database: options.database ? null : database });
  const { realtime } = app;

  return {
    app,
    services,
    routes,
    database,
    realtime,
    scheduler,
    /** The business durations' filler (modules/reports/business-filler.ts); tests `settle()` it. */
    businessFiller,
    push,
    thumbnails,
    webhooks,
    email,
    assignment,
    /** SIGTERM: readiness fails from now on, so the load balancer stops sending new work. */
    startDraining: () => {
      draining = true;
    },
  };
}
