import type { TWebhook, TWebhookDelivery, TWebhookEvent } from '@oceras/protocol';
import type { AttemptRow, DeliveryRow, WebhookRow } from './webhook.repo.js';

/** A subscription as admins see it: never its secret (shown once, at creation). */
export function presentWebhook(row: WebhookRow): TWebhook {
  return {
    id: row.id,
    url: row.url,
    events: row.events as TWebhookEvent[],
    isEnabled: row.enabled,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentDelivery(row: DeliveryRow, attempts: AttemptRow[]): TWebhookDelivery {
  return {
    id: row.id,
    type: row.type as TWebhookEvent,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    attempts: attempts
      .filter((a) => a.deliveryId === row.id)
      .map((a) => ({
        id: a.id,
        at: a.at.toISOString(),
        statusCode: a.statusCode,
        durationMs: a.durationMs,
        error: a.error,
        responseExcerpt: a.responseExcerpt,
      })),
  };
}
