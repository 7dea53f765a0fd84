import type { AgentEmailStrings } from './en.js';

export const es: AgentEmailStrings = {
  notice: {
    mentioned: (author, n) => `${author ?? 'Un compañero'} te mencionó en la conversación n.º ${n}`,
    assignedBy: (author, n) => `${author} te asignó la conversación n.º ${n}`,
    assigned: (n) => `Se te asignó la conversación n.º ${n}`,
    lowRating: (rating, n) => `La conversación n.º ${n} fue valorada con ${rating}`,
    subjectDigest: (count, org) => `Tu resumen diario: ${count} ${count === 1 ? 'novedad' : 'novedades'} en ${org}`,
    subjectOne: (headline, org) => `${headline} (${org})`,
    subjectMany: (count, org) => `${count} novedades que te perdiste en ${org}`,
    intro: (agent, org) => `Hola ${agent}, esto es lo que pasó en ${org} mientras no estabas:`,
    open: (n) => `Abrir la conversación n.º ${n}`,
    settings: 'Cambiar estos correos',
  },
  webhookDisabled: {
    subject: 'Oceras: se desactivó un webhook',
    text: (url, why) =>
      `El webhook a ${url} se desactivó tras ${why}. Vuelve a activarlo en Ajustes > Webhooks cuando el receptor funcione.`,
    gone: 'una respuesta 410 Gone',
    failing: '3 días de fallos',
  },
  rating: {
    stars: '{score}/5',
    faces: { sad: 'una cara triste', neutral: 'una cara neutral', happy: 'una cara feliz' },
  },
  push: {
    mentioned: (author) => `${author ?? 'Un compañero'} te mencionó`,
    lowRatingTitle: (rating, n) => `Conversación n.º ${n} valorada con ${rating}`,
    lowRatingBody: (rating) => `Valoración: ${rating}`,
    visitor: { erased: 'Visitante borrado', visitor: 'Visitante', numbered: 'Visitante n.º {number}' },
    photo: 'Envió una foto',
    file: 'Envió un archivo',
    files: (count) => `Envió ${count} archivos`,
    testTitle: 'Oceras',
    testBody: 'Notificación de prueba: las notificaciones llegan a este dispositivo.',
  },
};
