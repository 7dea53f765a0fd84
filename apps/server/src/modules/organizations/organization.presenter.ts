import { DEFAULT_WIDGET_SETTINGS, type TOrganization, type TWidgetSettings } from '@oceras/protocol';
import type { organizations } from '../../db/schema.js';
import { attachmentSettingsOf } from '../attachments/attachment-settings.js';

type Row = typeof organizations.$inferSelect;

export const presentWidgetSettings = (row: Row): TWidgetSettings => ({
  ...DEFAULT_WIDGET_SETTINGS,
  teamName: row.name,
  ...(row.widgetSettings as Partial<TWidgetSettings>),
});

export const presentOrganization = (row: Row): TOrganization => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  widgetKey: row.widgetKey,
  widgetSettings: presentWidgetSettings(row),
  autoAssignOnReply: row.autoAssignOnReply,
  attachmentSettings: attachmentSettingsOf(row.attachmentSettings),
  conversationRetentionDays: row.conversationRetentionDays,
  requireTwoFactor: row.requireTwoFactor,
  hasIdentitySecret: row.identitySecretSealed !== null,
  requireVerifiedIdentity: row.requireVerifiedIdentity,
  timeZone: row.timeZone,
  emailFollowUp: row.emailFollowup,
  emailFollowUpDelaySeconds: row.emailFollowupDelaySeconds,
  autoAssignment: row.autoAssignment,
  reassignOfflineAfterMinutes: row.reassignOfflineAfterMinutes,
  createdAt: row.createdAt.toISOString(),
});
