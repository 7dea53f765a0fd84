import type { AgentEmailStrings } from './en.js';

export const fr: AgentEmailStrings = {
  notice: {
    mentioned: (author, n) => `${author ?? 'Un collègue'} vous a mentionné dans la conversation n° ${n}`,
    assignedBy: (author, n) => `${author} vous a attribué la conversation n° ${n}`,
    assigned: (n) => `La conversation n° ${n} vous a été attribuée`,
    lowRating: (rating, n) => `La conversation n° ${n} a été notée : ${rating}`,
    subjectDigest: (count, org) => `Votre résumé du jour : ${count} nouveauté${count === 1 ? '' : 's'} dans ${org}`,
    subjectOne: (headline, org) => `${headline} (${org})`,
    subjectMany: (count, org) => `${count} nouveautés manquées dans ${org}`,
    intro: (agent, org) => `Bonjour ${agent}, voici ce qui s’est passé dans ${org} pendant votre absence :`,
    open: (n) => `Ouvrir la conversation n° ${n}`,
    settings: 'Modifier ces e-mails',
  },
  webhookDisabled: {
    subject: 'Oceras : un webhook a été désactivé',
    text: (url, why) =>
      `Le webhook vers ${url} a été désactivé après ${why}. Réactivez-le dans Paramètres > Webhooks une fois que le destinataire fonctionne.`,
    gone: 'une réponse 410 Gone',
    failing: '3 jours d’échecs',
  },
  rating: {
    stars: '{score}/5',
    faces: { sad: 'visage triste', neutral: 'visage neutre', happy: 'visage souriant' },
  },
  push: {
    mentioned: (author) => `${author ?? 'Un collègue'} vous a mentionné`,
    lowRatingTitle: (rating, n) => `Conversation n° ${n} notée : ${rating}`,
    lowRatingBody: (rating) => `Note : ${rating}`,
    visitor: { erased: 'Visiteur effacé', visitor: 'Visiteur', numbered: 'Visiteur n° {number}' },
    photo: 'A envoyé une photo',
    file: 'A envoyé un fichier',
    files: (count) => `A envoyé ${count} fichiers`,
    testTitle: 'Oceras',
    testBody: 'Notification de test : les notifications arrivent sur cet appareil.',
  },
};
