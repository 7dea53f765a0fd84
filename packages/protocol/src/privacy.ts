import { z } from 'zod';
import { ZText, ZTimestamp } from './common.js';

/**
 * What the widget's pre-chat form showed when the visitor accepted it: the organization's privacy policy link and
 * version (null when the organization has none: the form then shows a generic sentence). The server adds the time.
 */
export const ZConsent = z.strictObject({
  policyUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable(),
  policyVersion: ZText(100).nullable(),
});
export type TConsent = z.input<typeof ZConsent>;

/** A recorded consent, as a visitor's export carries it (table consent_records). */
export const ZConsentRecord = z.object({
  kind: z.enum(['prechat']),
  policyUrl: z.string().nullable(),
  policyVersion: z.string().nullable(),
  recordedAt: ZTimestamp,
});
export type TConsentRecord = z.infer<typeof ZConsentRecord>;

/** What any client may know of this server before signing in: the operator's terms and privacy policy. */
export const ZPublicConfig = z.object({
  termsUrl: z.string().nullable(),
  privacyUrl: z.string().nullable(),
});
export type TPublicConfig = z.infer<typeof ZPublicConfig>;

/** Conversation retention: at least the replay log's 7 days, so no event outlives the conversation it is about. */
export const CONVERSATION_RETENTION_MIN_DAYS = 7;
export const ZConversationRetentionDays = z.number().int().min(CONVERSATION_RETENTION_MIN_DAYS).max(3650).nullable();
