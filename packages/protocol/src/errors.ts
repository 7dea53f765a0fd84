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
  /** A canned response's shortcode already used: among the organization's shared ones, or among the agent's own. */
  'SHORTCODE_TAKEN',
  /** Another team of the organization has this name (case does not count). */
  'TEAM_NAME_TAKEN',
  /** Two contacts that cannot become one: one was erased, they are the same, or they are two different verified users. */
  'VISITORS_NOT_MERGEABLE',
  /** Another custom field of the organization for the same entity has this key. */
  'FIELD_KEY_TAKEN',
  /**
   * An agent resolving a conversation whose required-on-resolve custom fields are empty: `details` names each
   * (`path` `customFields.<key>`, `message` its label).
   */
  'REQUIRED_FIELDS_MISSING',
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
  /** A signed URL past its time: ask for a new one. */
  'URL_EXPIRED',
  /** The organization's storage is full. */
  'QUOTA_EXCEEDED',
  /** An attachment id that is not this author's finished, unattached upload (or is another's, or is gone). */
  'ATTACHMENT_UNAVAILABLE',
  /**
   * The organization requires two-factor sign-in and this agent has not set it up: only the routes marked
   * `beforeTwoFactor` in the route table answer (and the agent socket refuses the connection) until they do.
   */
  'TWO_FACTOR_REQUIRED',
  /** A wrong, already used or expired two-factor code or recovery code. */
  'INVALID_TWO_FACTOR_CODE',
  /** The sign-in challenge is unknown, expired or already completed: sign in again with the password. */
  'TWO_FACTOR_CHALLENGE_INVALID',
  /** The conversation's visitor was erased (privacy policy §7): nobody can read a reply; internal notes only. */
  'VISITOR_ERASED',
  /** An API token without the scope a route needs, or a route about the account, which no token may call. */
  'INSUFFICIENT_SCOPE',
  /** A webhook URL whose host is (or resolves to) a loopback, private, link-local, CGNAT, multicast or unspecified address, or cannot be resolved. */
  'WEBHOOK_URL_REFUSED',
  /**
   * A widget session's `userId`/`userHash` that do not verify: a wrong, missing or malformed hash, a hash made with a
   * secret since rotated, or an organization with no identity secret. Nothing is created.
   */
  'IDENTITY_INVALID',
  /** The organization requires verified identity and this widget session carries none (an anonymous visitor). */
  'IDENTITY_REQUIRED',
  /** The conversation cannot be rated now: it is not resolved, or the organization's survey is off. */
  'RATING_UNAVAILABLE',
  /**
   * No email can go to this conversation's visitor: the server has no SMTP, or the visitor has no email address,
   * was erased, restricted processing, or unsubscribed from the conversation's emails.
   */
  'EMAIL_UNAVAILABLE',
  /** A reply by email to a conversation inactive for longer than its reply address lives (90 days). */
  'REPLY_ADDRESS_EXPIRED',
  'INTERNAL',
] as const;
export type TErrorCode = (typeof ERROR_CODES)[number];
