import type { errorTexts as english } from './en.js';

/**
 * What each error code means to a person, in Spanish: the dashboard and the mobile app say this instead of the
 * server's English sentence when they speak another language (their catalogs spread it into `errors.codes`, and
 * each adds its own PROTOCOL_MISMATCH, which says how to update that app). One text per code for both apps.
 */
export const errorTexts: typeof english = {
  VALIDATION_FAILED: 'Parte de lo que has introducido no es válido.',
  UNAUTHENTICATED: 'Inicia sesión.',
  TOKEN_EXPIRED: 'Tu sesión ha caducado. Vuelve a iniciar sesión.',
  SESSION_REVOKED: 'Tu sesión ha terminado. Vuelve a iniciar sesión.',
  INVALID_CREDENTIALS: 'Correo o contraseña incorrectos.',
  FORBIDDEN: 'No tienes permiso para hacer esto.',
  NOT_FOUND: 'Esto ya no existe.',
  CONFLICT: 'Esto ha cambiado mientras tanto. Recarga e inténtalo de nuevo.',
  SLUG_TAKEN: 'Esta dirección ya está en uso.',
  EMAIL_TAKEN: 'Este correo ya lo usa una cuenta.',
  SHORTCODE_TAKEN: 'Este atajo ya está en uso.',
  TEAM_NAME_TAKEN: 'Ya hay un equipo con este nombre.',
  VISITORS_NOT_MERGEABLE: 'Estos contactos no se pueden fusionar.',
  FIELD_KEY_TAKEN: 'Ya hay un campo con esta clave.',
  REQUIRED_FIELDS_MISSING: 'Rellena primero los campos obligatorios.',
  CLIENT_ID_CONFLICT: 'Esto ya se envió.',
  ILLEGAL_TRANSITION: 'Este cambio no es posible ahora.',
  INVITATION_INVALID: 'Esta invitación ya no es válida. Pide una nueva.',
  RATE_LIMITED: 'Demasiados intentos. Espera un momento e inténtalo de nuevo.',
  PAYLOAD_TOO_LARGE: 'Es demasiado grande.',
  UNSUPPORTED_MEDIA_TYPE: 'Este tipo de archivo no se acepta.',
  SERVICE_UNAVAILABLE: 'Este servicio no está disponible ahora.',
  UNAVAILABLE: 'Oceras no está disponible por un momento. Inténtalo de nuevo enseguida.',
  DOMAIN_NOT_ALLOWED: 'Este sitio no está permitido.',
  URL_EXPIRED: 'Este enlace ha caducado.',
  QUOTA_EXCEEDED: 'Tu organización ha agotado su almacenamiento.',
  ATTACHMENT_UNAVAILABLE: 'Este archivo no se puede adjuntar.',
  TWO_FACTOR_REQUIRED: 'Configura primero la verificación en dos pasos.',
  INVALID_TWO_FACTOR_CODE: 'Este código no es correcto.',
  TWO_FACTOR_CHALLENGE_INVALID: 'Este inicio de sesión tardó demasiado. Vuelve a introducir tu contraseña.',
  VISITOR_ERASED: 'Los datos de este visitante se han borrado.',
  INSUFFICIENT_SCOPE: 'Este token no puede hacer esto.',
  WEBHOOK_URL_REFUSED: 'Esta dirección no puede recibir webhooks.',
  IDENTITY_INVALID: 'No se pudo verificar la identidad.',
  IDENTITY_REQUIRED: 'Se necesita una identidad verificada.',
  RATING_UNAVAILABLE: 'Esta conversación no se puede valorar ahora.',
  EMAIL_UNAVAILABLE: 'El correo no está disponible.',
  REPLY_ADDRESS_EXPIRED: 'Esta dirección de respuesta ha caducado.',
  INTERNAL: 'Algo salió mal por nuestra parte.',
};
