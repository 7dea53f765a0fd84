import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ZPassword } from '@oceras/protocol';
import { z } from 'zod';
import { trustFunction } from './lib/client-address.js';

/** Addresses or subnets, comma-separated, as proxy-addr reads them (`loopback`, `10.0.0.0/8`, `::1`). */
function isTrustList(value: string) {
  try {
    trustFunction(value);
    return true;
  } catch {
    return false;
  }
}

/** The privacy policy, §6: "Server logs are rotated after 30 days." */
export const POLICY_LOG_RETENTION_DAYS = 30;

const ZBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const ZEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: z.url().optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** A statement unanswered this long fails with 503 instead of holding its request (db/client.ts); 0: never. */
    DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    /** `transaction`: PgBouncer (or another pooler) in transaction mode is in front: no session state (db/client.ts). */
    DATABASE_POOLER: z.enum(['none', 'transaction']).default('none'),
    DATA_DIR: z.string().min(1).default('.data'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    SMTP_FROM: z.string().min(3).default('Oceras <no-reply@localhost>'),
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    // true / false, a hop count (1: the one proxy in front), or the proxies' addresses (lib/client-address.ts).
    TRUST_PROXY: z
      .string()
      .trim()
      .default('false')
      .transform((v) => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v))
      .refine((v) => typeof v !== 'string' || isTrustList(v), 'must be true, false, a hop count or proxy addresses'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Also write the logs into daily files here (lib/log-files.ts), deleted after LOG_RETENTION_DAYS. */
    LOG_DIR: z.string().min(1).optional(),
    /** The privacy policy (§6) keeps logs 30 days: more needs LOG_RETENTION_DAYS_OVER_POLICY=true. */
    LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    LOG_RETENTION_DAYS_OVER_POLICY: ZBool.default(false),
    DEMO_DATA: ZBool.optional(),
    /** The demo admin's password when the demo organization is created (otherwise a random one, printed once). */
    DEMO_ADMIN_PASSWORD: ZPassword.optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    /** Requests per minute per client address, all routes together (stricter per-route limits apply as well). */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    /**
     * Sign-in delays (modules/auth/login-limits.ts): past the free failures on an account, the next attempt from an
     * address that never signed in to it waits this long after the last failure, twice as long after each further
     * one, up to LOGIN_DELAY_MAX_MS. 0 turns the delays off. At most an hour: a quiet hour forgets the failures.
     */
    LOGIN_DELAY_BASE_MS: z.coerce.number().int().min(0).max(3_600_000).default(1_000),
    LOGIN_DELAY_MAX_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
    /** How long a client may take to send a whole request, headers and body (lib/http-timeouts.ts). */
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
    /** How long an upload's PUT may take in all, while its bytes keep coming (a pause of REQUEST_TIMEOUT_MS cuts it). */
    UPLOAD_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(3_600_000),
    /** After SIGTERM, /readyz answers 503 this long before the process stops accepting (load balancer notices). */
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(60_000).default(0),
    /** A visitor's widget session ends after this many days without use (the visitor starts over). */
    VISITOR_SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
    /** The operator's terms of service and privacy policy, linked from sign-up (GET /api/v1/config). */
    TERMS_URL: z.url({ protocol: /^https?$/ }).optional(),
    PRIVACY_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** The server terminates TLS itself with this certificate chain and key (PEM files; TLS 1.2+, lib/https.ts). */
    HTTPS_CERT_FILE: z.string().min(1).optional(),
    HTTPS_KEY_FILE: z.string().min(1).optional(),
    /** With HTTPS: a plain-HTTP port (80) that redirects every request to PUBLIC_URL. */
    HTTP_REDIRECT_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** Expo access token, if push security is turned on for the Expo project. */
    EXPO_ACCESS_TOKEN: z.string().min(10).optional(),
    /** Where the Expo push API is (tests point it at a local server); expo-server-sdk's own variable. */
    EXPO_BASE_URL: z.url().optional(),
    /** Receipts are fetched this long after sending (Expo keeps them a day and suggests waiting about 15 minutes). */
    PUSH_RECEIPT_DELAY_MS: z.coerce
      .number()
      .int()
      .min(0)
      .default(15 * 60_000),
    /** First retry of a push Expo did not accept (429, 5xx, network); each later try waits twice as long. */
    PUSH_RETRY_BASE_MS: z.coerce.number().int().min(10).default(5_000),
    /** How long a process may hold pushes it is sending before another takes them over. */
    PUSH_CLAIM_MS: z.coerce.number().int().min(100).default(60_000),
    /** The push worker's fallback pass (new messages wake it at once). */
    PUSH_POLL_MS: z.coerce.number().int().min(50).default(2_000),
    /** Calls per minute of one API token (every address together), beside the per-address limit. */
    API_TOKEN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    /** Webhooks may go to loopback and private addresses (self-hosters on one network, tests); never by default. */
    WEBHOOK_ALLOW_PRIVATE: ZBool.default(false),
    /** First retry of a webhook delivery (network error, 5xx, 429); each later try waits twice as long (at most 1 h). */
    WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).default(30_000),
    /** The webhook worker's fallback pass (new events wake it at once). */
    WEBHOOK_POLL_MS: z.coerce.number().int().min(50).default(5_000),
    /** An agent's reply the visitor has not read this long is emailed to them (organizations may change it). */
    EMAIL_FOLLOWUP_DELAY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(120),
    /** Follow-ups carry `Reply-To: reply+<token>@REPLY_DOMAIN` when set (the domain whose mail reaches Oceras). */
    REPLY_DOMAIN: z
      .string()
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'a mail domain such as reply.example.com')
      .optional(),
    /** The shared secret of POST /api/v1/inbound/email (`Authorization: Bearer <secret>`); unset: the route refuses all. */
    INBOUND_EMAIL_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Receive email (replies to follow-ups) with the built-in SMTP server on this port (modules/email/smtp-receiver.ts). */
    INBOUND_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /**
     * The authserv-ids (comma-separated, e.g. `mx.example.com`) of the relays whose Authentication-Results header
     * (SPF, DKIM, DMARC) inbound email records: anyone can write that header, so only these relays' count. Empty:
     * nothing is recorded.
     */
    INBOUND_TRUSTED_AUTHSERV_IDS: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((id) => id.trim().toLowerCase())
          .filter(Boolean),
      ),
    /** First retry of an email the SMTP relay did not take (4xx, network); each later try waits twice as long. */
    EMAIL_RETRY_BASE_MS: z.coerce.number().int().min(10).default(60_000),
    /** How long a process may hold emails it is sending before another takes them over (modules/email). */
    EMAIL_CLAIM_MS: z.coerce.number().int().min(100).default(120_000),
    /** Attempts before an email that keeps failing temporarily is given up (`failed`). */
    EMAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
    /** The email worker's fallback pass (queueing wakes it at once). */
    EMAIL_POLL_MS: z.coerce.number().int().min(50).default(5_000),
    /** An agent's email digest (notification setting `email: digest`) lists what they missed over this long. */
    AGENT_EMAIL_DIGEST_SECONDS: z.coerce.number().int().min(1).default(86_400),
    /**
     * Automatic assignment's sweep (modules/assignment): assignees offline past the grace period, and queues a missed
     * wake-up left waiting. Events wake it at once.
     */
    ASSIGNMENT_POLL_MS: z.coerce.number().int().min(50).default(15_000),
    /**
     * The business-hours reports' filler (modules/reports/business-filler.ts): first responses and resolutions are
     * measured within business hours this long after they happen at most (a report measures the rest itself).
     */
    REPORT_FILL_POLL_MS: z.coerce.number().int().min(50).default(10_000),
    /** How long an upload URL (and a download URL) is valid (modules/attachments). */
    UPLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
    /** Where files go: `local` (DATA_DIR/attachments, served by the server itself) or `s3` (any S3-compatible store). */
    STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
    S3_ENDPOINT: z.url().optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_BUCKET: z.string().min(3).max(63).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Bucket in the path (`https://host/bucket/key`) instead of the host: MinIO and most self-hosted stores. */
    S3_FORCE_PATH_STYLE: ZBool.default(false),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.HTTPS_CERT_FILE) !== Boolean(env.HTTPS_KEY_FILE))
      ctx.addIssue({
        code: 'custom',
        path: [env.HTTPS_CERT_FILE ? 'HTTPS_KEY_FILE' : 'HTTPS_CERT_FILE'],
        message: 'HTTPS_CERT_FILE and HTTPS_KEY_FILE go together',
      });
    if (env.HTTP_REDIRECT_PORT && !env.HTTPS_CERT_FILE)
      ctx.addIssue({
        code: 'custom',
        path: ['HTTP_REDIRECT_PORT'],
        message: "redirects to the server's own HTTPS: set HTTPS_CERT_FILE and HTTPS_KEY_FILE too",
      });
    if (env.LOG_RETENTION_DAYS > POLICY_LOG_RETENTION_DAYS && !env.LOG_RETENTION_DAYS_OVER_POLICY)
      ctx.addIssue({
        code: 'custom',
        path: ['LOG_RETENTION_DAYS'],
        message: `at most ${POLICY_LOG_RETENTION_DAYS} (the privacy policy's promise); if your published policy says more, also set LOG_RETENTION_DAYS_OVER_POLICY=true`,
      });
  });

export type Env = z.infer<typeof ZEnv> & { JWT_SECRET: string; PUBLIC_URL: string; isEmbedded: boolean };

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The one place that reads process.env. Lists every problem at once. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = ZEnv.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const env = parsed.data;
  if (env.STORAGE_DRIVER === 's3') {
    const missing = (['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((k) => !env[k]);
    if (missing.length > 0) throw new EnvError(missing.map((k) => `${k}: required with STORAGE_DRIVER=s3`));
  }
  let secret = env.JWT_SECRET;
  if (!secret) {
    if (env.NODE_ENV === 'production') {
      throw new EnvError([
        'JWT_SECRET: required in production (at least 32 random characters, e.g. `openssl rand -base64 48`)',
      ]);
    }
    secret = readOrCreateSecret(env.DATA_DIR);
  }
  return {
    ...env,
    JWT_SECRET: secret,
    PUBLIC_URL: (env.PUBLIC_URL ?? `http${env.HTTPS_CERT_FILE ? 's' : ''}://localhost:${env.PORT}`).replace(/\/$/, ''),
    isEmbedded: !env.DATABASE_URL,
  };
}

/** Development default: a secret generated once and kept in the data folder (mode 0600), never in the code. */
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret.json');
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { jwtSecret?: string };
    if (stored.jwtSecret && stored.jwtSecret.length >= 32) return stored.jwtSecret;
  } catch {
    // first start: create it below
  }
  mkdirSync(dataDir, { recursive: true });
  const jwtSecret = randomBytes(48).toString('base64url');
  writeFileSync(file, JSON.stringify({ jwtSecret }), { mode: 0o600 });
  return jwtSecret;
}
