import { DEFAULT_NOTIFICATION_SETTINGS, type TNotificationSettings } from '@oceras/protocol';

/** The stored settings over the defaults: a key an older server never wrote means its default. */
export function notificationSettings(stored: unknown): TNotificationSettings {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Partial<
    Record<keyof TNotificationSettings, unknown>
  >;
  const pick = (k: keyof TNotificationSettings) =>
    typeof s[k] === 'boolean' ? s[k] : DEFAULT_NOTIFICATION_SETTINGS[k];
  return { enabled: pick('enabled'), assigned: pick('assigned'), unassigned: pick('unassigned') };
}
