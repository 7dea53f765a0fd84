import { createHmac, timingSafeEqual } from 'node:crypto';

/** The path of the rating page a rating email links to (rating-page.routes.ts). */
export const RATING_PAGE_PATH = '/api/v1/email/rating';

/** A rating link works this long after its email was queued: long enough for a holiday, not forever. */
export const RATING_LINK_TTL_DAYS = 30;

export interface RatingLink {
  organizationId: string;
  conversationId: string;
  expiresAt: Date;
}

const MAC_BYTES = 16;
const BODY_BYTES = 16 + 16 + 4;

/**
 * The token of a rating email's links: the organization's and the conversation's ids and the expiry (seconds, 32
 * bits), signed with an HMAC-SHA256 under the server's secret (truncated to 128 bits), as 70 base64url characters
 * (a route parameter holds at most 100). It cannot be guessed, made for another conversation or stretched, and
 * nothing needs storing.
 */
export function ratingToken(secret: string, link: RatingLink): string {
  const body = Buffer.alloc(BODY_BYTES);
  Buffer.from(link.organizationId.replaceAll('-', ''), 'hex').copy(body, 0);
  Buffer.from(link.conversationId.replaceAll('-', ''), 'hex').copy(body, 16);
  body.writeUInt32BE(Math.floor(link.expiresAt.getTime() / 1000), 32);
  return Buffer.concat([body, mac(secret, body)]).toString('base64url');
}

/** What a token names (its expiry is the caller's to compare), or null for anything forged, cut or malformed. */
export function readRatingToken(secret: string, token: string): RatingLink | null {
  if (!/^[A-Za-z0-9_-]{70}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  // One spelling per token: a last character that differs only in unused bits is not the same link.
  if (bytes.length !== BODY_BYTES + MAC_BYTES || bytes.toString('base64url') !== token) return null;
  const body = bytes.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(mac(secret, body), bytes.subarray(BODY_BYTES))) return null;
  return {
    organizationId: uuid(body.subarray(0, 16)),
    conversationId: uuid(body.subarray(16, 32)),
    expiresAt: new Date(body.readUInt32BE(32) * 1000),
  };
}

const mac = (secret: string, body: Buffer) =>
  createHmac('sha256', secret).update('email-rating:').update(body).digest().subarray(0, MAC_BYTES);

const uuid = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
