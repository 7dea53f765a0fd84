import { z } from 'zod';
import { ZAgent } from './agents.js';
import { parseAvatarUrl } from './avatars.js';
import { changingSomething, hasSomeKey, LIMITS, ZEmail, ZId, ZNonEmptyText, ZText, ZTimestamp } from './common.js';
import { LANGUAGES } from './languages.js';
import { ZOrganization } from './organizations.js';

export const ZLanguage = z.enum(LANGUAGES);

export const ZPassword = z.string().min(LIMITS.passwordMin).max(LIMITS.passwordMax);
export const ZSlug = z
  .string()
  .min(2)
  .max(48)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single dashes');

export const ZSignupRequest = z.strictObject({
  organizationName: ZNonEmptyText(LIMITS.nameMax),
  slug: ZSlug,
  name: ZNonEmptyText(LIMITS.nameMax),
  email: ZEmail,
  password: ZPassword,
});
export type TSignupRequest = z.input<typeof ZSignupRequest>;

export const ZLoginRequest = z.strictObject({
  email: ZEmail,
  password: z.string().min(1).max(LIMITS.passwordMax),
});
export type TLoginRequest = z.input<typeof ZLoginRequest>;

export const ZTokenPair = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: ZTimestamp,
  refreshToken: z.string(),
  sessionId: ZId,
});
export type TTokenPair = z.infer<typeof ZTokenPair>;

export const ZAuthResponse = ZTokenPair.extend({
  agent: ZAgent,
  organization: ZOrganization,
  /** The agent signs in with a second factor (modules two-factor). */
  twoFactorEnabled: z.boolean(),
});
export type TAuthResponse = z.infer<typeof ZAuthResponse>;

export const ZRefreshRequest = z.strictObject({ refreshToken: z.string().min(20).max(200) });
export type TRefreshRequest = z.infer<typeof ZRefreshRequest>;
export const ZLogoutRequest = z.strictObject({ refreshToken: z.string().min(20).max(200).optional() });

export const ZChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(LIMITS.passwordMax),
  newPassword: ZPassword,
});
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequest>;

/** A new sign-in email, confirmed by the current password (someone at an unlocked screen cannot take the account). */
export const ZChangeEmailRequest = z.strictObject({
  email: ZEmail,
  currentPassword: z.string().min(1).max(LIMITS.passwordMax),
});
export type TChangeEmailRequest = z.infer<typeof ZChangeEmailRequest>;

export const ZSession = z.object({
  id: ZId,
  createdAt: ZTimestamp,
  lastUsedAt: ZTimestamp,
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  isCurrent: z.boolean(),
});
export type TSession = z.infer<typeof ZSession>;
export const ZSessionList = z.object({ sessions: z.array(ZSession) });

export const ZAcceptInvitationRequest = z.strictObject({
  token: z.string().min(20).max(200),
  name: ZNonEmptyText(LIMITS.nameMax),
  password: ZPassword,
});
export type TAcceptInvitationRequest = z.infer<typeof ZAcceptInvitationRequest>;

export const AVATAR_UPLOAD_INSTEAD =
  'avatars are served by Oceras: upload the image (POST /api/v1/uploads, then PUT it) and send its avatarAttachmentId';

export const ZUpdateMeRequest = z
  .strictObject({
    name: ZNonEmptyText(LIMITS.nameMax).optional(),
    /**
     * null removes the avatar (and its file). Otherwise only a URL of this server's own avatar path
     * (`/api/v1/avatars/…`, as `avatarUrl` was answered): a new avatar is uploaded, see `avatarAttachmentId`.
     */
    avatarUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .refine((url) => parseAvatarUrl(url) !== null, AVATAR_UPLOAD_INSTEAD)
      .nullable()
      .optional(),
    /**
     * A new avatar: the id of this agent's own finished upload of a raster image (POST /api/v1/uploads), not
     * attached to any message. The server re-encodes it to a 256×256 WebP (dropping its metadata), serves it at a
     * new `avatarUrl` and deletes the upload.
     */
    avatarAttachmentId: ZId.optional(),
    availability: z.enum(['online', 'away', 'offline']).optional(),
    /** The dashboard's and the app's language for this agent; null: their browser's or device's. */
    language: ZLanguage.nullable().optional(),
  })
  .refine(hasSomeKey, changingSomething)
  .refine((b) => b.avatarUrl === undefined || b.avatarAttachmentId === undefined, {
    message: 'send avatarUrl or avatarAttachmentId, not both',
    path: ['avatarAttachmentId'],
  });
export type TUpdateMeRequest = z.infer<typeof ZUpdateMeRequest>;
export const ZMeResponse = z.object({
  agent: ZAgent,
  organization: ZOrganization,
  twoFactorEnabled: z.boolean(),
  /** The language the agent chose for the dashboard and the app; null: their browser's or device's. Theirs only. */
  language: ZLanguage.nullable(),
});
export type TMeResponse = z.infer<typeof ZMeResponse>;
/**
 * PATCH /me answers what GET /me answers (`agent`, `organization`, `twoFactorEnabled`). Until protocol 2 it also
 * carries the agent's fields at the top level, deprecated: that is what PATCH /me answered before, and installed
 * mobile apps of protocol 1 read it. New clients read `agent` (`meOf`, client.ts).
 */
export const ZUpdateMeResponse = ZMeResponse.extend(ZAgent.shape);
export type TUpdateMeResponse = z.infer<typeof ZUpdateMeResponse>;

export const ZText200 = ZText(200);
