import type { IncomingMessage } from 'node:http';
import type { RouteName } from '@oceras/protocol';
import type { Logger } from 'pino';
import type { Db, Prepared } from './db/client.js';
import type { Env } from './env.js';
import type { EventBus } from './events/bus.js';
import type { ErrorReporter } from './lib/error-reply.js';
import type { Mailer } from './lib/mailer.js';
import type { RateLimiter, RateRule } from './lib/rate-limiter.js';
import type { FileUrls } from './modules/attachments/file-urls.js';
import type { Storage } from './modules/attachments/storage.js';
import type { PrincipalCache } from './modules/auth/principal-cache.js';
import type { TokenService } from './modules/auth/tokens.js';
import type { Presence } from './realtime/presence.js';

/** What commands need from the outside world; built once in buildApp and passed down explicitly. */
export interface Services {
  env: Env;
  db: Db;
  /** Named prepared statements for the hottest paths (see db/client.ts). */
  prepared: Prepared;
  bus: EventBus;
  tokens: TokenService;
  mailer: Mailer;
  presence: Presence;
  principals: PrincipalCache;
  /** Wakes the push worker (modules/push); set once the worker has started. */
  push: PushQueue;
  /** Checks webhook URLs and wakes the webhook worker (modules/webhooks); set once the worker is built. */
  webhooks: WebhookQueue;
  /** Wakes the email worker (modules/email): something was queued in `email_outbox`. */
  email: EmailQueue;
  /** Wakes automatic assignment (modules/assignment) for an organization whose teams changed. */
  assignment: AssignmentQueue;
  /** Where attachments' files are (STORAGE_DRIVER). */
  storage: Storage;
  /** Signs and checks the server's own file URLs. */
  fileUrls: FileUrls;
  /** Wakes the thumbnail worker (modules/attachments/make-thumbnail.ts). */
  thumbnails: { wake(): void; close(): Promise<void> };
  logger: Logger;
  /** The time business hours are read at (automatic replies); tests pass a clock they move. */
  clock: () => Date;
  /** Describes a failure for its caller and logs it: bugs with their stack, an outage once (lib/error-reply.ts). */
  errors: ErrorReporter;
  /** Request limits, shared by REST and sockets (plugins/rate-limits.ts). */
  limits: {
    limiter: RateLimiter;
    /** Routes with a limit of their own. */
    routes: Partial<Record<RouteName, RateRule>>;
    /** Every other call, per client address (RATE_LIMIT_PER_MINUTE). */
    perAddress: RateRule;
    /** Every call of one API token, whatever the address (API_TOKEN_RATE_LIMIT_PER_MINUTE). */
    perToken: RateRule;
    /** The client address of a raw request as `req.ip` has it (TRUST_PROXY applied): for socket handshakes. */
    addressOf: (raw: IncomingMessage) => string;
  };
}

/** What the rest of the server asks of push: "there is something to do" and "this organization now has devices". */
export interface PushQueue {
  wake(organizationId?: string): void;
  watch(organizationId: string): void;
}

/** What the rest of the server asks of webhooks: "is this URL allowed" and "there is something to do". */
export interface WebhookQueue {
  checkUrl(url: string): Promise<void>;
  watch(organizationId: string): void;
  wake(): void;
}

/** What the rest of the server asks of automatic assignment: "look at this organization's queue". */
export interface AssignmentQueue {
  wake(organizationId: string): void;
}

/** What the rest of the server asks of email: "there is something to send". */
export interface EmailQueue {
  wake(): void;
}

/**
 * Everything but push, webhooks, email, assignment and thumbnails, which are built on these (modules/push/push-worker.ts,
 * modules/attachments/make-thumbnail.ts) before the whole bag exists.
 */
export type CoreServices = Omit<Services, 'push' | 'thumbnails' | 'webhooks' | 'email' | 'assignment'>;
