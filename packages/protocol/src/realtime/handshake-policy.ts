/**
 * What a client does when the server refuses its handshake (`connect_error` with `data.code`, SPEC "Handshake"),
 * one decision per code (R11):
 * - `refresh`: the token is missing, invalid or expired; a new one may work (then reconnect at once).
 * - `sign-out`: the session is over; retrying cannot help.
 * - `incompatible`: this build speaks another protocol; only an update helps, so never retry.
 * - `forget-position`: the server refused our `lastSeq`; reconnect without one and refetch.
 * - `retry`: anything else (INTERNAL, a transport error with no code): reconnect after a backoff.
 */
export type HandshakeAction = 'refresh' | 'sign-out' | 'incompatible' | 'forget-position' | 'retry';

const ACTIONS: Record<string, HandshakeAction> = {
  UNAUTHENTICATED: 'refresh',
  TOKEN_EXPIRED: 'refresh',
  SESSION_REVOKED: 'sign-out',
  PROTOCOL_MISMATCH: 'incompatible',
  VALIDATION_FAILED: 'forget-position',
  // The organization requires two-factor and the agent has none: retried (with the backoff) until they set it up;
  // the app sends them to the setup, which the REST routes allow.
  TWO_FACTOR_REQUIRED: 'retry',
};

export function handshakeAction(code: string | undefined): HandshakeAction {
  return (code && ACTIONS[code]) || 'retry';
}
