import { DEFAULT_NOTIFICATION_SETTINGS, type TNotificationSettings } from '@oceras/protocol';

const EMAIL_MODES: readonly TNotificationSettings['email'][] = ['off', 'immediate', 'digest'];

/** The stored settings over the defaults: a key an older server never wrote means its default. */
export function notificationSettings(stored: unknown): TNotificationSettings {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Partial<
    Record<keyof TNotificationSettings, unknown>
  >;
  const pick = (k: 'enabled' | 'assigned' | 'unassigned' | 'mentions') =>
    typeof s[k] === 'boolean' ? s[k] : DEFAULT_NOTIFICATION_SETTINGS[k];
  const email = EMAIL_MODES.find((m) => m === s.email) ?? DEFAULT_NOTIFICATION_SETTINGS.email;
  return {
    enabled: pick('enabled'),
    assigned: pick('assigned'),
    unassigned: pick('unassigned'),
    mentions: pick('mentions'),
    email,
  };
}
