import { createHmac, randomBytes } from 'node:crypto';

/** `Oceras-Signature`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the secret>` (Stripe's style). */
export function signWebhook(secret: string, body: string, at = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** A generated signing secret: 256 random bits, recognisable. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;
