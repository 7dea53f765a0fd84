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

export function handshakeAction(code: string | undefined): HandshakeAction {
  switch (code) {
    case 'UNAUTHENTICATED':
    case 'TOKEN_EXPIRED':
      return 'refresh';
    case 'SESSION_REVOKED':
      return 'sign-out';
    case 'PROTOCOL_MISMATCH':
      return 'incompatible';
    case 'VALIDATION_FAILED':
      return 'forget-position';
    default:
      return 'retry';
  }
}
