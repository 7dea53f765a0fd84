import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/client.js';
import type { createScheduler } from '../jobs/scheduler.js';
import type { connectRedis } from '../lib/redis.js';
import type { AssignmentWorker } from '../modules/assignment/assignment-worker.js';
import type { EmailWorker } from '../modules/email/email-worker.js';
import { startSmtpReceiver } from '../modules/email/smtp-receiver.js';
import type { PushWorker } from '../modules/push/push-worker.js';
import type { BusinessFiller } from '../modules/reports/business-filler.js';
import type { WebhookWorker } from '../modules/webhooks/webhook-worker.js';
import { attachRealtime } from '../realtime/io.js';
import type { Services } from '../services.js';

/**
 * The parts of a process that run beside the routes, each a named plugin with its own start and shutdown:
 * started when the app is ready (not while it is being built, so a test's app that never listens runs nothing),
 * stopped before the server closes, in the order they were registered: scheduler, push, realtime, then the
 * connections they used.
 */

/** Socket.IO on the app's HTTP server (realtime/io.ts); closed first among the open connections. */
export const realtimePlugin = fp(
  async (app: FastifyInstance, { services }: { services: Services }) => {
    const realtime = attachRealtime(app.server, services);
    app.decorate('realtime', realtime);
    app.addHook('preClose', () => realtime.close());
  },
  { name: 'oceras-realtime' },
);

/** The maintenance jobs (jobs/scheduler.ts). */
export const schedulerPlugin = fp(
  async (app: FastifyInstance, { scheduler }: { scheduler: ReturnType<typeof createScheduler> }) => {
    app.addHook('onReady', async () => scheduler.start());
    app.addHook('preClose', async () => scheduler.stop());
  },
  { name: 'oceras-scheduler' },
);

/** The business durations' filler of the reports (modules/reports/business-filler.ts). */
export const businessFillerPlugin = fp(
  async (app: FastifyInstance, { businessFiller }: { businessFiller: BusinessFiller }) => {
    app.addHook('onReady', async () => businessFiller.start());
    app.addHook('preClose', () => businessFiller.stop());
  },
  { name: 'oceras-business-filler' },
);

/** The push pipeline (modules/push/push-worker.ts): built with the services, whose `push` it is. */
export const pushPlugin = fp(
  async (app: FastifyInstance, { push }: { push: PushWorker }) => {
    app.addHook('onReady', async () => push.start());
    app.addHook('preClose', () => push.stop());
  },
  { name: 'oceras-push' },
);

/** The webhook pipeline (modules/webhooks/webhook-worker.ts). */
export const webhooksPlugin = fp(
  async (app: FastifyInstance, { webhooks }: { webhooks: WebhookWorker }) => {
    app.addHook('onReady', async () => webhooks.start());
    app.addHook('preClose', () => webhooks.stop());
  },
  { name: 'oceras-webhooks' },
);

/** The outbound email queue (modules/email/email-worker.ts). */
export const emailPlugin = fp(
  async (app: FastifyInstance, { email }: { email: EmailWorker }) => {
    app.addHook('onReady', async () => email.start());
    app.addHook('preClose', () => email.stop());
  },
  { name: 'oceras-email' },
);

/** Automatic assignment (modules/assignment/assignment-worker.ts). */
export const assignmentPlugin = fp(
  async (app: FastifyInstance, { assignment }: { assignment: AssignmentWorker }) => {
    app.addHook('onReady', async () => assignment.start());
    app.addHook('preClose', () => assignment.stop());
  },
  { name: 'oceras-assignment' },
);

/** The built-in SMTP receiver when INBOUND_SMTP_PORT is set (modules/email/smtp-receiver.ts). */
export const smtpReceiverPlugin = fp(
  async (app: FastifyInstance, { services }: { services: Services }) => {
    const port = services.env.INBOUND_SMTP_PORT;
    if (!port) return;
    let receiver: Awaited<ReturnType<typeof startSmtpReceiver>> | null = null;
    app.addHook('onReady', async () => {
      receiver = await startSmtpReceiver(services, port, services.env.HOST);
    });
    app.addHook('preClose', async () => {
      await receiver?.close();
    });
  },
  { name: 'oceras-smtp-receiver' },
);

/** The connections every part used, closed last: mail, the bus, the limiter's Redis, the database (if ours). */
export const connectionsPlugin = fp(
  async (
    app: FastifyInstance,
    parts: {
      services: Services;
      limiterRedis: ReturnType<typeof connectRedis> | null;
      database: Database | null;
    },
  ) => {
    app.addHook('onClose', async () => {
      await parts.services.thumbnails.close();
      parts.services.storage.close();
      parts.services.mailer.close();
      await parts.services.bus.close();
      parts.limiterRedis?.close();
      await parts.database?.close();
    });
  },
  { name: 'oceras-connections' },
);

declare module 'fastify' {
  interface FastifyInstance {
    realtime: ReturnType<typeof attachRealtime>;
  }
}
