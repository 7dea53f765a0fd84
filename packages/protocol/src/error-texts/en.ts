import type { TErrorCode } from '../errors.js';

/**
 * What each error code means to a person, in English: the dashboard and the mobile app say this instead of the
 * server's English sentence when they speak another language (their catalogs spread it into `errors.codes`, and
 * each adds its own PROTOCOL_MISMATCH, which says how to update that app). One text per code for both apps.
 */
export const errorTexts = {
  VALIDATION_FAILED: 'Some of what you entered is not valid.',
  UNAUTHENTICATED: 'Please sign in.',
  TOKEN_EXPIRED: 'Your session has expired. Please sign in again.',
  SESSION_REVOKED: 'Your session has ended. Please sign in again.',
  INVALID_CREDENTIALS: 'Wrong email or password.',
  FORBIDDEN: 'You are not allowed to do this.',
  NOT_FOUND: 'This no longer exists.',
  CONFLICT: 'This changed meanwhile. Reload and try again.',
  SLUG_TAKEN: 'This address is taken.',
  EMAIL_TAKEN: 'This email is already used by an account.',
  SHORTCODE_TAKEN: 'This shortcode is taken.',
  TEAM_NAME_TAKEN: 'A team already has this name.',
  VISITORS_NOT_MERGEABLE: 'These contacts cannot be merged.',
  FIELD_KEY_TAKEN: 'A field already has this key.',
  REQUIRED_FIELDS_MISSING: 'Fill in the required fields first.',
  CLIENT_ID_CONFLICT: 'This was already sent.',
  ILLEGAL_TRANSITION: 'This change is not possible now.',
  INVITATION_INVALID: 'This invitation is not valid any more. Ask for a new one.',
  RATE_LIMITED: 'Too many attempts. Wait a moment and try again.',
  PAYLOAD_TOO_LARGE: 'This is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'This kind of file is not accepted.',
  SERVICE_UNAVAILABLE: 'This service is not available right now.',
  UNAVAILABLE: 'Oceras is briefly unavailable. Try again in a moment.',
  DOMAIN_NOT_ALLOWED: 'This site is not allowed.',
  URL_EXPIRED: 'This link has expired.',
  QUOTA_EXCEEDED: 'Your organization has used all its storage.',
  ATTACHMENT_UNAVAILABLE: 'This file cannot be attached.',
  TWO_FACTOR_REQUIRED: 'Set up two-factor authentication first.',
  INVALID_TWO_FACTOR_CODE: 'This code is not right.',
  TWO_FACTOR_CHALLENGE_INVALID: 'This sign-in took too long. Please enter your password again.',
  VISITOR_ERASED: "This visitor's data was erased.",
  INSUFFICIENT_SCOPE: 'This token may not do this.',
  WEBHOOK_URL_REFUSED: 'This address cannot receive webhooks.',
  IDENTITY_INVALID: 'The identity could not be verified.',
  IDENTITY_REQUIRED: 'A verified identity is required.',
  RATING_UNAVAILABLE: 'This conversation cannot be rated now.',
  EMAIL_UNAVAILABLE: 'Email is not available.',
  REPLY_ADDRESS_EXPIRED: 'This reply address has expired.',
  INTERNAL: 'Something went wrong on our side.',
} satisfies Record<Exclude<TErrorCode, 'PROTOCOL_MISMATCH'>, string>;
