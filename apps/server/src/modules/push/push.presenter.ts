import type { TDevice, TPushDelivery } from '@oceras/protocol';
import type { devices, pushDeliveries } from '../../db/schema.js';

/** The token leaves the server only towards Expo; agents and admins see its last characters. */
export const presentDevice = (row: typeof devices.$inferSelect): TDevice => ({
  id: row.id,
  agentId: row.agentId,
  platform: row.platform,
  appVersion: row.appVersion,
  name: row.name,
  tokenHint: `…${row.token.slice(-7, -1)}`,
  permission: row.pushPermission,
  failureCount: row.failureCount,
  lastSeenAt: row.lastSeenAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
});

export const presentDelivery = (row: typeof pushDeliveries.$inferSelect): TPushDelivery => ({
  id: row.id,
  kind: row.kind,
  deviceId: row.deviceId,
  agentId: row.agentId,
  conversationId: row.conversationId,
  messageId: row.messageId,
  status: row.status,
  attempts: row.attempts,
  error: row.error,
  createdAt: row.createdAt.toISOString(),
  sentAt: row.sentAt?.toISOString() ?? null,
});
