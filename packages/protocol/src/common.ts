import { z } from 'zod';
import { ERROR_CODES } from './errors.js';

export { PROTOCOL_VERSION } from './version.js';

export const LIMITS = {
  messageBodyMax: 10_000,
  nameMax: 120,
  emailMax: 254,
  subjectMax: 200,
  searchMax: 100,
  tagMax: 40,
  tagsMax: 20,
  clientIdMax: 64,
  passwordMin: 8,
  passwordMax: 128,
  pageSizeMax: 100,
  pageSizeDefault: 25,
  replayMax: 1_000,
  bodyLimitBytes: 64 * 1024,
  /** The largest message seq (and any other per-conversation number): PostgreSQL's integer. */
  seqMax: 2_147_483_647,
  /** Attachments on one message. */
  attachmentsPerMessageMax: 10,
  /** No organization allows larger files than this (its own limit is at most this). */
  attachmentBytesMax: 100 * 1024 * 1024,
  attachmentQuotaMax: 1024 ** 4,
  fileNameMax: 255,
} as const;

/** Strings are trimmed and must not carry NUL or lone surrogates (PostgreSQL rejects the first, JSON mangles the second). */
const cleanText = (s: string) => !s.includes('\u0000') && s.isWellFormed();

export const ZText = (max: number) =>
  z.string().max(max).refine(cleanText, { message: 'must be valid text (no NUL or broken Unicode)' });
export const ZNonEmptyText = (max: number) =>
  z.string().trim().min(1).max(max).refine(cleanText, { message: 'must be valid text (no NUL or broken Unicode)' });

export const ZId = z.uuid();
export const ZEmail = z
  .email()
  .max(LIMITS.emailMax)
  .transform((e) => e.toLowerCase());
export const ZTimestamp = z.iso.datetime({ offset: true });
export const ZClientId = z
  .string()
  .min(8)
  .max(LIMITS.clientIdMax)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-" only');

export const ZRole = z.enum(['admin', 'manager', 'agent']);
export type TRole = z.infer<typeof ZRole>;
export const ZAvailability = z.enum(['online', 'away', 'offline']);
export type TAvailability = z.infer<typeof ZAvailability>;
export const ZConversationStatus = z.enum(['open', 'pending', 'snoozed', 'resolved']);
export type TConversationStatus = z.infer<typeof ZConversationStatus>;
export const ZPriority = z.enum(['none', 'low', 'medium', 'high', 'urgent']);
export type TPriority = z.infer<typeof ZPriority>;
export const ZPreChatMode = z.enum(['off', 'optional', 'required']);
export type TPreChatMode = z.infer<typeof ZPreChatMode>;

/** Opaque keyset cursor, produced by the server. */
export const ZCursor = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/);

/** The one shape of every error answer; `details` lists what a VALIDATION_FAILED refused. */
export const ZErrorResponse = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type TErrorResponse = z.infer<typeof ZErrorResponse>;

export const ZOk = z.object({ ok: z.literal(true) });

/** A PATCH body must name something to change: an empty one is the caller's mistake, not a silent no-op. */
export const changingSomething = { message: 'name at least one field to change' } as const;
export const hasSomeKey = (body: object) => Object.keys(body).length > 0;
