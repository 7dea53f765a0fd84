import type { TErrorCode } from '@oceras/protocol';

const STATUS: Record<TErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  SESSION_REVOKED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SLUG_TAKEN: 409,
  EMAIL_TAKEN: 409,
  SHORTCODE_TAKEN: 409,
  TEAM_NAME_TAKEN: 409,
  VISITORS_NOT_MERGEABLE: 409,
  FIELD_KEY_TAKEN: 409,
  REQUIRED_FIELDS_MISSING: 409,
  CLIENT_ID_CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  INVITATION_INVALID: 410,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SERVICE_UNAVAILABLE: 503,
  UNAVAILABLE: 503,
  PROTOCOL_MISMATCH: 426,
  DOMAIN_NOT_ALLOWED: 403,
  URL_EXPIRED: 410,
  QUOTA_EXCEEDED: 413,
  ATTACHMENT_UNAVAILABLE: 409,
  TWO_FACTOR_REQUIRED: 403,
  INVALID_TWO_FACTOR_CODE: 401,
  TWO_FACTOR_CHALLENGE_INVALID: 401,
  VISITOR_ERASED: 409,
  INSUFFICIENT_SCOPE: 403,
  WEBHOOK_URL_REFUSED: 422,
  IDENTITY_INVALID: 403,
  IDENTITY_REQUIRED: 403,
  RATING_UNAVAILABLE: 409,
  EMAIL_UNAVAILABLE: 409,
  REPLY_ADDRESS_EXPIRED: 410,
  INTERNAL: 500,
};

/** The only error a command throws on purpose: a stable code, an HTTP status, a message fit for the caller. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: TErrorCode,
    message: string,
    readonly details?: { path: string; message: string }[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = STATUS[code] ?? 500;
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (why = 'you may not do this') => new AppError('FORBIDDEN', why);
