import { z } from 'zod';
import { ZId, ZText, ZTimestamp } from './common.js';

export const ZPlatform = z.enum(['ios', 'android', 'web']);
export type TPlatform = z.infer<typeof ZPlatform>;

/** What Expo hands an app: `ExponentPushToken[...]` (or the older `ExpoPushToken[...]`). */
export const ZExpoPushToken = z
  .string()
  .max(200)
  .regex(/^Expo(nent)?PushToken\[[A-Za-z0-9_-]{8,160}\]$/, 'must be an Expo push token: ExponentPushToken[...]');

/**
 * A phone (or browser) of the signed-in agent. Registering the same token again updates it in place; a token
 * registered by another agent moves to the new one (one app install, one owner). The device belongs to the
 * session that registered it: signing out, or ending that session, removes it.
 */
/** The phone's notification permission: with `denied` (withdrawn in the OS settings) the device gets no push. */
export const ZPushPermission = z.enum(['granted', 'denied']);
export type TPushPermission = z.infer<typeof ZPushPermission>;

export const ZRegisterDeviceRequest = z.strictObject({
  token: ZExpoPushToken,
  platform: ZPlatform,
  appVersion: ZText(40).pipe(z.string().min(1)),
  name: ZText(100).optional(),
  /** Sent by the app on every start and resume; an app that does not send it has the permission. */
  permission: ZPushPermission.default('granted'),
});
export type TRegisterDeviceRequest = z.input<typeof ZRegisterDeviceRequest>;

export const ZDevice = z.object({
  id: ZId,
  agentId: ZId,
  platform: ZPlatform,
  appVersion: z.string(),
  name: z.string().nullable(),
  /** The token's last characters, to tell two devices apart; the token itself never leaves the server again. */
  tokenHint: z.string(),
  permission: ZPushPermission,
  failureCount: z.number().int(),
  lastSeenAt: ZTimestamp,
  createdAt: ZTimestamp,
});
export type TDevice = z.infer<typeof ZDevice>;
export const ZDeviceList = z.object({ devices: z.array(ZDevice) });

/** Which pushes an agent wants. `enabled: false` silences every device of theirs. */
export const ZNotificationSettings = z.object({
  enabled: z.boolean(),
  /** Visitor messages in conversations assigned to me. */
  assigned: z.boolean(),
  /** Visitor messages in unassigned conversations, while I am online or away. */
  unassigned: z.boolean(),
  /** A colleague mentions me (`@name`) in an internal note. */
  mentions: z.boolean(),
  /**
   * Emails while I am offline (no app connected) about conversations assigned to me and mentions: none, one per
   * event as it happens, or one daily digest of what I missed (modules/agent-notices).
   */
  email: z.enum(['off', 'immediate', 'digest']),
});
export type TNotificationSettings = z.infer<typeof ZNotificationSettings>;
export const ZUpdateNotificationSettingsRequest = ZNotificationSettings.partial().strict();
export const DEFAULT_NOTIFICATION_SETTINGS: TNotificationSettings = {
  enabled: true,
  assigned: true,
  unassigned: true,
  mentions: true,
  email: 'immediate',
};

export const ZPushStatus = z.enum(['queued', 'sending', 'sent', 'delivered', 'failed']);
export type TPushStatus = z.infer<typeof ZPushStatus>;

/** One push to one device, and what became of it. Titles and bodies are not kept once sent. */
export const ZPushDelivery = z.object({
  id: ZId,
  kind: z.enum(['message', 'mention', 'low_rating', 'test']),
  deviceId: ZId.nullable(),
  agentId: ZId,
  conversationId: ZId.nullable(),
  messageId: ZId.nullable(),
  status: ZPushStatus,
  attempts: z.number().int(),
  /** Expo's error code (DeviceNotRegistered, MessageRateExceeded, ...) or the transport failure. */
  error: z.string().nullable(),
  createdAt: ZTimestamp,
  sentAt: ZTimestamp.nullable(),
});
export type TPushDelivery = z.infer<typeof ZPushDelivery>;
export const ZPushDeliveryList = z.object({ deliveries: z.array(ZPushDelivery) });

/** The `data` of every Oceras push: what the app opens when the notification is tapped. */
export interface PushData {
  kind: 'message' | 'mention' | 'low_rating' | 'test';
  conversationId?: string;
  messageId?: string;
  /** The agent's unread conversations when the push was composed: the app sets its icon's badge to it. */
  badge?: number;
}
