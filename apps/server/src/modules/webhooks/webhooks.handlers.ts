import { inTransaction } from '../../db/transaction.js';
import { notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { recordAudit } from '../audit/record-audit.js';
import { newWebhookSecret } from './sign-webhook.js';
import { presentDelivery, presentWebhook } from './webhook.presenter.js';
import {
  deleteWebhookRow,
  findWebhook,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  requeueDelivery,
  updateWebhookRow,
} from './webhook.repo.js';

/** Admins only (the route table); the URL is checked here at creation and change, and again at every delivery. */
export const webhookHandlers = {
  async createWebhook({ services, principal, body }) {
    await services.webhooks.checkUrl(body.url);
    const secret = body.secret ?? newWebhookSecret();
    // The audit entry names the events, never the URL (it may carry a credential of the receiver's) or the secret.
    const row = await inTransaction(services, async (tx) => {
      const created = await insertWebhook(tx, principal.organizationId, {
        url: body.url,
        events: body.events,
        secret,
        createdBy: principal.agentId,
      });
      await recordAudit(tx, principal, 'webhook.created', { type: 'webhook', id: created.id }, { events: body.events });
      return created;
    });
    services.webhooks.watch(principal.organizationId);
    return { id: row.id, secret };
  },

  async listWebhooks({ services, principal }) {
    const rows = await listWebhooks(services.db, principal.organizationId);
    return { webhooks: rows.map(presentWebhook) };
  },

  async updateWebhook({ services, principal, params, body }) {
    if (!(await findWebhook(services.db, principal.organizationId, params.id))) throw notFound('webhook');
    if (body.url !== undefined) await services.webhooks.checkUrl(body.url);
    const row = await inTransaction(services, async (tx) => {
      const updated = await updateWebhookRow(tx, principal.organizationId, params.id, body);
      if (!updated) throw notFound('webhook');
      await recordAudit(
        tx,
        principal,
        'webhook.updated',
        { type: 'webhook', id: updated.id },
        {
          changed: Object.keys(body).sort(),
          ...(body.events !== undefined && { events: body.events }),
          ...(body.enabled !== undefined && { enabled: body.enabled }),
        },
      );
      return updated;
    });
    services.webhooks.wake();
    return presentWebhook(row);
  },

  async deleteWebhook({ services, principal, params }) {
    await inTransaction(services, async (tx) => {
      if (!(await deleteWebhookRow(tx, principal.organizationId, params.id))) throw notFound('webhook');
      await recordAudit(tx, principal, 'webhook.deleted', { type: 'webhook', id: params.id });
    });
    return { ok: true as const };
  },

  async listWebhookDeliveries({ services, principal, params }) {
    if (!(await findWebhook(services.db, principal.organizationId, params.id))) throw notFound('webhook');
    const { deliveries, attempts } = await listDeliveries(services.db, principal.organizationId, params.id);
    return { deliveries: deliveries.map((d) => presentDelivery(d, attempts)) };
  },

  async resendWebhookDelivery({ services, principal, params }) {
    const { organizationId } = principal;
    if (!(await requeueDelivery(services.db, organizationId, params.id, params.deliveryId))) throw notFound('delivery');
    services.webhooks.wake();
    const { deliveries, attempts } = await listDeliveries(services.db, organizationId, params.id, params.deliveryId);
    return presentDelivery(deliveries[0]!, attempts);
  },
} satisfies SomeHandlers;
