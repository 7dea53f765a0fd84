/** Stable error codes: clients branch on these, never on messages. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'SESSION_REVOKED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'SLUG_TAKEN',
  'EMAIL_TAKEN',
  'CLIENT_ID_CONFLICT',
  'ILLEGAL_TRANSITION',
  'INVITATION_INVALID',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'SERVICE_UNAVAILABLE',
  /** Socket acks' name for SERVICE_UNAVAILABLE (the database is away or busy): try again after `retryAfterMs`. */
  'UNAVAILABLE',
  'PROTOCOL_MISMATCH',
  /** The page embedding the widget is not on the organization's allowedDomains. */
  'DOMAIN_NOT_ALLOWED',
  'INTERNAL',
] as const;
export type TErrorCode = (typeof ERROR_CODES)[number];
