import type { errorTexts as english } from './en.js';

/**
 * What each error code means to a person, in German: the dashboard and the mobile app say this instead of the
 * server's English sentence when they speak another language (their catalogs spread it into `errors.codes`, and
 * each adds its own PROTOCOL_MISMATCH, which says how to update that app). One text per code for both apps.
 */
export const errorTexts: typeof english = {
  VALIDATION_FAILED: 'Ein Teil Ihrer Eingabe ist ungültig.',
  UNAUTHENTICATED: 'Bitte melden Sie sich an.',
  TOKEN_EXPIRED: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
  SESSION_REVOKED: 'Ihre Sitzung wurde beendet. Bitte melden Sie sich erneut an.',
  INVALID_CREDENTIALS: 'E-Mail oder Passwort ist falsch.',
  FORBIDDEN: 'Das dürfen Sie nicht.',
  NOT_FOUND: 'Das gibt es nicht mehr.',
  CONFLICT: 'Das hat sich inzwischen geändert. Laden Sie neu und versuchen Sie es erneut.',
  SLUG_TAKEN: 'Diese Adresse ist bereits vergeben.',
  EMAIL_TAKEN: 'Diese E-Mail wird bereits von einem Konto verwendet.',
  SHORTCODE_TAKEN: 'Dieses Kürzel ist bereits vergeben.',
  TEAM_NAME_TAKEN: 'Ein Team hat bereits diesen Namen.',
  VISITORS_NOT_MERGEABLE: 'Diese Kontakte können nicht zusammengeführt werden.',
  FIELD_KEY_TAKEN: 'Ein Feld hat bereits diesen Schlüssel.',
  REQUIRED_FIELDS_MISSING: 'Füllen Sie zuerst die Pflichtfelder aus.',
  CLIENT_ID_CONFLICT: 'Das wurde bereits gesendet.',
  ILLEGAL_TRANSITION: 'Diese Änderung ist jetzt nicht möglich.',
  INVITATION_INVALID: 'Diese Einladung ist nicht mehr gültig. Fordern Sie eine neue an.',
  RATE_LIMITED: 'Zu viele Versuche. Warten Sie einen Moment und versuchen Sie es erneut.',
  PAYLOAD_TOO_LARGE: 'Das ist zu groß.',
  UNSUPPORTED_MEDIA_TYPE: 'Dieser Dateityp wird nicht angenommen.',
  SERVICE_UNAVAILABLE: 'Dieser Dienst ist gerade nicht verfügbar.',
  UNAVAILABLE: 'Oceras ist kurz nicht erreichbar. Versuchen Sie es gleich noch einmal.',
  DOMAIN_NOT_ALLOWED: 'Diese Website ist nicht erlaubt.',
  URL_EXPIRED: 'Dieser Link ist abgelaufen.',
  QUOTA_EXCEEDED: 'Ihre Organisation hat ihren Speicherplatz aufgebraucht.',
  ATTACHMENT_UNAVAILABLE: 'Diese Datei kann nicht angehängt werden.',
  TWO_FACTOR_REQUIRED: 'Richten Sie zuerst die Zwei-Faktor-Authentifizierung ein.',
  INVALID_TWO_FACTOR_CODE: 'Dieser Code ist nicht richtig.',
  TWO_FACTOR_CHALLENGE_INVALID: 'Diese Anmeldung hat zu lange gedauert. Geben Sie Ihr Passwort erneut ein.',
  VISITOR_ERASED: 'Die Daten dieses Besuchers wurden gelöscht.',
  INSUFFICIENT_SCOPE: 'Dieses Token darf das nicht.',
  WEBHOOK_URL_REFUSED: 'Diese Adresse kann keine Webhooks empfangen.',
  IDENTITY_INVALID: 'Die Identität konnte nicht bestätigt werden.',
  IDENTITY_REQUIRED: 'Eine bestätigte Identität ist erforderlich.',
  RATING_UNAVAILABLE: 'Dieses Gespräch kann jetzt nicht bewertet werden.',
  EMAIL_UNAVAILABLE: 'E-Mail ist nicht verfügbar.',
  REPLY_ADDRESS_EXPIRED: 'Diese Antwortadresse ist abgelaufen.',
  INTERNAL: 'Bei uns ist etwas schiefgelaufen.',
};
