import type { errorTexts as english } from './en.js';

/**
 * What each error code means to a person, in French: the dashboard and the mobile app say this instead of the
 * server's English sentence when they speak another language (their catalogs spread it into `errors.codes`, and
 * each adds its own PROTOCOL_MISMATCH, which says how to update that app). One text per code for both apps.
 */
export const errorTexts: typeof english = {
  VALIDATION_FAILED: 'Une partie de votre saisie n’est pas valide.',
  UNAUTHENTICATED: 'Veuillez vous connecter.',
  TOKEN_EXPIRED: 'Votre session a expiré. Veuillez vous reconnecter.',
  SESSION_REVOKED: 'Votre session est terminée. Veuillez vous reconnecter.',
  INVALID_CREDENTIALS: 'E-mail ou mot de passe incorrect.',
  FORBIDDEN: 'Vous n’avez pas le droit de faire cela.',
  NOT_FOUND: 'Cet élément n’existe plus.',
  CONFLICT: 'Ceci a changé entre-temps. Rechargez et réessayez.',
  SLUG_TAKEN: 'Cette adresse est déjà prise.',
  EMAIL_TAKEN: 'Cet e-mail est déjà utilisé par un compte.',
  SHORTCODE_TAKEN: 'Ce raccourci est déjà pris.',
  TEAM_NAME_TAKEN: 'Une équipe porte déjà ce nom.',
  VISITORS_NOT_MERGEABLE: 'Ces contacts ne peuvent pas être fusionnés.',
  FIELD_KEY_TAKEN: 'Un champ utilise déjà cette clé.',
  REQUIRED_FIELDS_MISSING: 'Remplissez d’abord les champs obligatoires.',
  CLIENT_ID_CONFLICT: 'Ceci a déjà été envoyé.',
  ILLEGAL_TRANSITION: 'Ce changement n’est pas possible maintenant.',
  INVITATION_INVALID: 'Cette invitation n’est plus valable. Demandez-en une nouvelle.',
  RATE_LIMITED: 'Trop de tentatives. Patientez un instant et réessayez.',
  PAYLOAD_TOO_LARGE: 'C’est trop volumineux.',
  UNSUPPORTED_MEDIA_TYPE: 'Ce type de fichier n’est pas accepté.',
  SERVICE_UNAVAILABLE: 'Ce service n’est pas disponible pour le moment.',
  UNAVAILABLE: 'Oceras est brièvement indisponible. Réessayez dans un instant.',
  DOMAIN_NOT_ALLOWED: 'Ce site n’est pas autorisé.',
  URL_EXPIRED: 'Ce lien a expiré.',
  QUOTA_EXCEEDED: 'Votre organisation a utilisé tout son espace de stockage.',
  ATTACHMENT_UNAVAILABLE: 'Ce fichier ne peut pas être joint.',
  TWO_FACTOR_REQUIRED: 'Configurez d’abord l’authentification à deux facteurs.',
  INVALID_TWO_FACTOR_CODE: 'Ce code n’est pas correct.',
  TWO_FACTOR_CHALLENGE_INVALID: 'Cette connexion a pris trop de temps. Saisissez à nouveau votre mot de passe.',
  VISITOR_ERASED: 'Les données de ce visiteur ont été effacées.',
  INSUFFICIENT_SCOPE: 'Ce jeton ne permet pas de faire cela.',
  WEBHOOK_URL_REFUSED: 'Cette adresse ne peut pas recevoir de webhooks.',
  IDENTITY_INVALID: 'L’identité n’a pas pu être vérifiée.',
  IDENTITY_REQUIRED: 'Une identité vérifiée est requise.',
  RATING_UNAVAILABLE: 'Cette conversation ne peut pas être évaluée maintenant.',
  EMAIL_UNAVAILABLE: 'L’e-mail n’est pas disponible.',
  REPLY_ADDRESS_EXPIRED: 'Cette adresse de réponse a expiré.',
  INTERNAL: 'Une erreur est survenue de notre côté.',
};
