import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The one-click unsubscribe key of a conversation: its id and an HMAC of it under the server's secret, so the URL
 * cannot be guessed or made for another conversation, and nothing needs storing. Path segment `<id>.<mac>`.
 */
export function unsubscribeKey(secret: string, conversationId: string): string {
  return `${conversationId}.${mac(secret, conversationId)}`;
}

/** The conversation a key names, or null for anything forged, cut or malformed. */
export function conversationOfUnsubscribeKey(secret: string, key: string): string | null {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(key);
  if (!m) return null;
  const expected = Buffer.from(mac(secret, m[1]!));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? m[1]! : null;
}

const mac = (secret: string, conversationId: string) =>
  createHmac('sha256', secret).update(`email-unsubscribe:${conversationId}`).digest('base64url');
