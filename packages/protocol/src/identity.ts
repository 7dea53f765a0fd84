/**
 * Verified visitor identity and custom attributes (issue 19). The customer's backend signs its user's id:
 * `userHash` = lowercase hex HMAC-SHA256 of `userId` with the organization's identity secret (Node:
 * `crypto.createHmac('sha256', secret).update(userId).digest('hex')`). A session with a valid pair is that user's
 * one visitor on every device (docs/ARCHITECTURE.md, "Verified identity").
 */
import { z } from 'zod';
import { ZText } from './common.js';

export const IDENTITY = {
  /** The customer's user id, as signed (never trimmed: the HMAC is of these exact characters). */
  userIdMax: 255,
  /** Custom attributes a visitor carries at most, in all (after merging every update). */
  attributesMax: 50,
  attributeValueMax: 500,
  /** Their JSON, in all: a visitor row stays small. */
  attributesBytesMax: 4096,
} as const;

export const ZUserId = ZText(IDENTITY.userIdMax).min(1);
/** Any string: the server refuses a malformed one like a wrong one (IDENTITY_INVALID), never a different error. */
export const ZUserHash = z.string().max(200);
/** What a well-formed userHash looks like: 64 lowercase hex digits (SHA-256). */
export const USER_HASH_PATTERN = /^[0-9a-f]{64}$/;

/** A key starts with a letter, then letters, digits or `_`, 40 at most (`plan`, `signed_up_at`, `seats2`). */
export const ATTRIBUTE_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const ZAttributeValue = z.union([ZText(IDENTITY.attributeValueMax), z.number().finite(), z.boolean()]);
export type TAttributeValue = z.infer<typeof ZAttributeValue>;

/** The stored attributes of a visitor, and the rule every stored set keeps (count and size). */
export const ZCustomAttributes = z
  .record(z.string().regex(ATTRIBUTE_KEY_PATTERN, 'a key such as plan or signed_up_at'), ZAttributeValue)
  .refine((a) => Object.keys(a).length <= IDENTITY.attributesMax, {
    message: `at most ${IDENTITY.attributesMax} attributes`,
  })
  .refine((a) => new TextEncoder().encode(JSON.stringify(a)).length <= IDENTITY.attributesBytesMax, {
    message: `at most ${IDENTITY.attributesBytesMax} bytes of attributes`,
  });
export type TCustomAttributes = z.infer<typeof ZCustomAttributes>;

/** An update (Oceras.update): the keys it names are set; a null value removes that key. */
export const ZCustomAttributesUpdate = z
  .record(z.string().regex(ATTRIBUTE_KEY_PATTERN, 'a key such as plan or signed_up_at'), ZAttributeValue.nullable())
  .refine((a) => Object.keys(a).length > 0 && Object.keys(a).length <= IDENTITY.attributesMax, {
    message: `1 to ${IDENTITY.attributesMax} attributes`,
  });
export type TCustomAttributesUpdate = z.infer<typeof ZCustomAttributesUpdate>;

/** The stored set after an update: the one merge rule (the server applies it, then checks ZCustomAttributes). */
export function mergeAttributes(current: TCustomAttributes, update: TCustomAttributesUpdate): TCustomAttributes {
  const next: TCustomAttributes = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

/** `POST /api/v1/organization/identity-secret`: the new secret, shown once. */
export const ZIdentitySecret = z.object({ identitySecret: z.string() });
export type TIdentitySecret = z.infer<typeof ZIdentitySecret>;
