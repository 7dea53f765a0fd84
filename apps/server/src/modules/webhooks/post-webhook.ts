import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { WEBHOOK_DELIVERY_HEADER, WEBHOOK_SIGNATURE_HEADER } from '@oceras/protocol';
import { signWebhook } from './sign-webhook.js';
import { type Lookup, resolveWebhookTarget } from './url-guard.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** What is kept of a receiver's answer for the delivery log. */
export const RESPONSE_EXCERPT_BYTES = 2048;

export interface AttemptResult {
  /** The receiver's status; null when none came (refused address, network error, timeout). */
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string | null;
  /** The URL was refused (SSRF guard): no retry, as for a 4xx. */
  isRefused: boolean;
}

/**
 * One delivery attempt: resolve and check the host (url-guard.ts), connect to exactly the checked address (the
 * socket's lookup answers it, so TLS still verifies the host name), POST the signed body, never follow a
 * redirect, give up after 10 s, and keep at most 2 KB of the answer.
 */
export async function postWebhook(
  target: { url: string; secret: string; deliveryId: string; body: string },
  options: { allowPrivate: boolean; lookup: Lookup; timeoutMs?: number },
): Promise<AttemptResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let resolved: Awaited<ReturnType<typeof resolveWebhookTarget>>;
  try {
    resolved = await resolveWebhookTarget(target.url, options);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { statusCode: null, durationMs: ms(), error: message, responseExcerpt: null, isRefused: true };
  }
  const { url, address, family } = resolved;
  const pinned: LookupFunction = (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all)
      (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else cb(null, address, family);
  };
  const body = Buffer.from(target.body);
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const done = (r: Omit<AttemptResult, 'durationMs' | 'isRefused'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, durationMs: ms(), isRefused: false });
    };
    const req = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      lookup: pinned,
      agent: false,
      headers: {
        'content-type': 'application/json',
        'content-length': String(body.length),
        'user-agent': 'Oceras-Webhooks/1',
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook(target.secret, target.body),
        [WEBHOOK_DELIVERY_HEADER]: target.deliveryId,
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({
        statusCode: null,
        error: `no answer within ${(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS) / 1000} s`,
        responseExcerpt: null,
      });
    }, options.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
    req.on('error', (err) => done({ statusCode: null, error: err.message, responseExcerpt: null }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        const excerpt = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8');
        const status = res.statusCode ?? 0;
        const redirect = status >= 300 && status < 400 ? 'redirect not followed' : null;
        done({ statusCode: status, error: redirect, responseExcerpt: excerpt.replaceAll('\u0000', '') || null });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        if (size < RESPONSE_EXCERPT_BYTES) chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_EXCERPT_BYTES) finish();
      });
      res.on('end', finish);
      res.on('error', finish);
    });
    req.end(body);
  });
}
