import { notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
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
    const row = await insertWebhook(services.db, principal.organizationId, {
      url: body.url,
      events: body.events,
      secret,
      createdBy: principal.agentId,
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
    const row = await updateWebhookRow(services.db, principal.organizationId, params.id, body);
    if (!row) throw notFound('webhook');
    services.webhooks.wake();
    return presentWebhook(row);
  },

  async deleteWebhook({ services, principal, params }) {
    if (!(await deleteWebhookRow(services.db, principal.organizationId, params.id))) throw notFound('webhook');
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
