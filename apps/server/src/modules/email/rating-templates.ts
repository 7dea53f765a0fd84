import type { TWidgetLocale } from '@oceras/protocol';
import { FACE_SCORES } from '@oceras/protocol/satisfaction';
import { type EmailFrame, escapeHtml, fill, htmlEmail, textFoot } from './email-layout.js';

/** The rating email's and the rating page's words in the widget's four languages ({name} placeholders). */
export const RATING_STRINGS: Record<
  TWidgetLocale,
  {
    subject: string;
    intro: string;
    choose: string;
    score: string;
    faces: readonly [string, string, string];
    comment: string;
    send: string;
    thanks: string;
    change: string;
    invalid: string;
    expired: string;
    unavailable: string;
    pick: string;
    unsubscribe: string;
  }
> = {
  en: {
    subject: 'How was your conversation with {org}?',
    intro: 'Your conversation with {org} (#{number}) has been resolved. How did we do?',
    choose: 'Choosing opens a page where you can add a comment before you send your rating.',
    score: '{score} out of 5',
    faces: ['Bad', 'OK', 'Great'],
    comment: 'Anything to add? (optional)',
    send: 'Send my rating',
    thanks: 'Thank you for your feedback!',
    change: 'You can change your rating with the same link.',
    invalid: 'This rating link is not valid.',
    expired: 'This rating link has expired.',
    unavailable: 'This conversation cannot be rated now.',
    pick: 'Please choose a rating.',
    unsubscribe: 'Stop emails about this conversation',
  },
  fr: {
    subject: 'Comment s’est passée votre conversation avec {org} ?',
    intro: 'Votre conversation avec {org} (n° {number}) est résolue. Qu’en avez-vous pensé ?',
    choose: 'Votre choix ouvre une page où vous pourrez ajouter un commentaire avant d’envoyer votre note.',
    score: '{score} sur 5',
    faces: ['Mauvaise', 'Correcte', 'Excellente'],
    comment: 'Quelque chose à ajouter ? (facultatif)',
    send: 'Envoyer ma note',
    thanks: 'Merci pour votre avis !',
    change: 'Vous pouvez changer votre note avec le même lien.',
    invalid: 'Ce lien de notation n’est pas valide.',
    expired: 'Ce lien de notation a expiré.',
    unavailable: 'Cette conversation ne peut pas être notée pour le moment.',
    pick: 'Veuillez choisir une note.',
    unsubscribe: 'Ne plus recevoir d’e-mails pour cette conversation',
  },
  de: {
    subject: 'Wie war Ihr Gespräch mit {org}?',
    intro: 'Ihr Gespräch mit {org} (#{number}) wurde abgeschlossen. Wie zufrieden waren Sie?',
    choose: 'Ihre Wahl öffnet eine Seite, auf der Sie vor dem Absenden einen Kommentar hinzufügen können.',
    score: '{score} von 5',
    faces: ['Schlecht', 'In Ordnung', 'Sehr gut'],
    comment: 'Möchten Sie etwas hinzufügen? (optional)',
    send: 'Bewertung senden',
    thanks: 'Danke für Ihr Feedback!',
    change: 'Mit demselben Link können Sie Ihre Bewertung ändern.',
    invalid: 'Dieser Bewertungslink ist ungültig.',
    expired: 'Dieser Bewertungslink ist abgelaufen.',
    unavailable: 'Dieses Gespräch kann derzeit nicht bewertet werden.',
    pick: 'Bitte wählen Sie eine Bewertung.',
    unsubscribe: 'Keine E-Mails mehr zu dieser Unterhaltung',
  },
  es: {
    subject: '¿Qué tal fue tu conversación con {org}?',
    intro: 'Tu conversación con {org} (n.º {number}) se ha resuelto. ¿Qué tal lo hicimos?',
    choose: 'Al elegir se abre una página donde puedes añadir un comentario antes de enviar tu valoración.',
    score: '{score} de 5',
    faces: ['Mal', 'Bien', 'Genial'],
    comment: '¿Algo más que añadir? (opcional)',
    send: 'Enviar mi valoración',
    thanks: '¡Gracias por tu opinión!',
    change: 'Puedes cambiar tu valoración con el mismo enlace.',
    invalid: 'Este enlace de valoración no es válido.',
    expired: 'Este enlace de valoración ha caducado.',
    unavailable: 'Esta conversación no se puede valorar ahora.',
    pick: 'Elige una valoración.',
    unsubscribe: 'No recibir más correos sobre esta conversación',
  },
};

const FACES = ['😞', '😐', '😊'] as const;

/** The choices of a survey, as the widget draws them: five stars, or three faces standing for 1, 3 and 5. */
export function ratingChoices(locale: TWidgetLocale, survey: 'stars' | 'faces') {
  const t = RATING_STRINGS[locale];
  return survey === 'faces'
    ? FACE_SCORES.map((score, i) => ({ score, symbol: FACES[i]!, label: t.faces[i]! }))
    : [1, 2, 3, 4, 5].map((score) => ({
        score,
        symbol: '★'.repeat(score),
        label: fill(t.score, { score: String(score) }),
      }));
}

export interface RatingEmailContent extends EmailFrame {
  conversationNumber: number;
  survey: 'stars' | 'faces';
  /** The rating page with the score chosen (`?score=`), for each score. */
  link: (score: number) => string;
  unsubscribeUrl: string;
}

/** Subject, plain text and HTML of a rating request: one link per choice of the organization's scale. */
export function renderRatingEmail(c: RatingEmailContent) {
  const t = RATING_STRINGS[c.locale] ?? RATING_STRINGS.en;
  const subject = fill(t.subject, { org: c.organizationName });
  const intro = fill(t.intro, { org: c.organizationName, number: String(c.conversationNumber) });
  const unsubscribe = { label: t.unsubscribe, url: c.unsubscribeUrl };
  const choices = ratingChoices(c.locale, c.survey);
  const text = [
    intro,
    '',
    ...choices.map((choice) => `${choice.label}: ${c.link(choice.score)}`),
    '',
    t.choose,
    ...textFoot(c.organizationName, unsubscribe),
  ].join('\n');
  const html = htmlEmail(
    c,
    unsubscribe,
    (color) =>
      `<p>${escapeHtml(intro)}</p>\n<p>${choices
        .map(
          (choice) =>
            `<a href="${escapeHtml(c.link(choice.score))}" title="${escapeHtml(choice.label)}" style="display:inline-block;margin:4px;padding:8px 12px;border:1px solid ${color};border-radius:6px;color:${color};text-decoration:none;font-size:18px">${choice.symbol}<span style="display:block;font-size:12px;color:#57606a">${escapeHtml(choice.label)}</span></a>`,
        )
        .join('')}</p>\n<p style="color:#57606a">${escapeHtml(t.choose)}</p>`,
  );
  return { subject, text, html };
}
