import { type BackoffOptions, backoffDelay } from './backoff.js';

/**
 * What the apps know of a failure: a REST error has the HTTP `status` (the typed client's ApiError, the widget's
 * HttpError with 0 for no answer); a socket ack's error is a plain `{ code, message, retryAfterMs? }` (R7).
 */
export interface FailureShape {
  status?: unknown;
  code?: unknown;
  retryAfterMs?: unknown;
}

/** Ack codes worth sending again: rate limited, the database away or busy, a server bug that may pass. */
const RETRYABLE_CODES = new Set(['RATE_LIMITED', 'UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'INTERNAL']);

/**
 * Whether sending the same thing again (with the same clientId, R8) can succeed: yes when the server did not answer
 * (network, timeout), was busy (429, RATE_LIMITED, 5xx, UNAVAILABLE) or slow (408); no when it refused the request
 * itself (any other 4xx or ack code), which the user must see.
 */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  const { status, code } = error as FailureShape;
  if (typeof status === 'number') return status === 0 || status === 408 || status === 429 || status >= 500;
  // A socket ack's error crosses the wire as plain data; an Error with a code is the way there failing (ECONNRESET).
  if (typeof code === 'string' && !(error instanceof Error)) return RETRYABLE_CODES.has(code);
  return true;
}

/** How long to wait before attempt `attempt`: what the server asked for (`retryAfterMs`), else the backoff. */
export function retryDelay(error: unknown, attempt: number, options?: BackoffOptions, random?: () => number) {
  const asked = typeof error === 'object' && error !== null ? (error as FailureShape).retryAfterMs : undefined;
  return typeof asked === 'number' && asked > 0 ? asked : backoffDelay(attempt, options, random);
}
