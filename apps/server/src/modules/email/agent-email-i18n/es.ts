import type { AgentEmailStrings } from './en.js';

export const es: AgentEmailStrings = {
  notice: {
    mentioned: (author, n) => `${author ?? 'Un compañero'} te mencionó en la conversación n.º ${n}`,
    assignedBy: (author, n) => `${author} te asignó la conversación n.º ${n}`,
    assigned: (n) => `Se te asignó la conversación n.º ${n}`,
    lowRating: (score, n) => `La conversación n.º ${n} recibió una valoración de ${score}/5`,
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
};
