import {
  DEFAULT_AUTO_REPLIES,
  DEFAULT_LOW_RATING_ACTIONS,
  DEFAULT_WIDGET_SETTINGS,
  type TAutoReplies,
  type TBusinessHours,
  type TLowRatingActions,
  type TOrganization,
  type TWidgetSettings,
} from '@oceras/protocol';
import type { organizations } from '../../db/schema.js';
import { attachmentSettingsOf } from '../attachments/attachment-settings.js';

type Row = typeof organizations.$inferSelect;

export const presentWidgetSettings = (row: Pick<Row, 'name' | 'widgetSettings'>): TWidgetSettings => ({
  ...DEFAULT_WIDGET_SETTINGS,
  teamName: row.name,
  ...(row.widgetSettings as Partial<TWidgetSettings>),
});

/** The automatic replies as stored, each missing one the default (off). */
export const autoRepliesOf = (row: Pick<Row, 'autoReplies'>): TAutoReplies => ({
  ...DEFAULT_AUTO_REPLIES,
  ...(row.autoReplies as Partial<TAutoReplies>),
});
/** What a low rating does, as stored, each missing key the default (off). */
export const lowRatingActionsOf = (row: Pick<Row, 'lowRatingActions'>): TLowRatingActions => ({
  ...DEFAULT_LOW_RATING_ACTIONS,
  ...(row.lowRatingActions as Partial<TLowRatingActions>),
});
export const businessHoursOf = (row: Pick<Row, 'businessHours'>) =>
  (row.businessHours as TBusinessHours | null) ?? null;

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
  awayAfterInactiveMinutes: row.awayAfterInactiveMinutes,
  businessHours: businessHoursOf(row),
  autoReplies: autoRepliesOf(row),
  lowRatingActions: lowRatingActionsOf(row),
  createdAt: row.createdAt.toISOString(),
});
