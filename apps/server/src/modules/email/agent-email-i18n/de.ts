import type { AgentEmailStrings } from './en.js';

export const de: AgentEmailStrings = {
  notice: {
    mentioned: (author, n) => `${author ?? 'Ein Kollege'} hat Sie in Unterhaltung #${n} erwähnt`,
    assignedBy: (author, n) => `${author} hat Ihnen Unterhaltung #${n} zugewiesen`,
    assigned: (n) => `Unterhaltung #${n} wurde Ihnen zugewiesen`,
    lowRating: (score, n) => `Unterhaltung #${n} wurde mit ${score}/5 bewertet`,
    subjectDigest: (count, org) =>
      `Ihre tägliche Zusammenfassung: ${count} ${count === 1 ? 'Neuigkeit' : 'Neuigkeiten'} in ${org}`,
    subjectOne: (headline, org) => `${headline} (${org})`,
    subjectMany: (count, org) => `${count} verpasste Neuigkeiten in ${org}`,
    intro: (agent, org) => `Hallo ${agent}, das ist in ${org} passiert, während Sie weg waren:`,
    open: (n) => `Unterhaltung #${n} öffnen`,
    settings: 'Diese E-Mails ändern',
  },
  webhookDisabled: {
    subject: 'Oceras: Ein Webhook wurde deaktiviert',
    text: (url, why) =>
      `Der Webhook an ${url} wurde nach ${why} deaktiviert. Aktivieren Sie ihn unter Einstellungen > Webhooks wieder, sobald der Empfänger funktioniert.`,
    gone: 'einer Antwort 410 Gone',
    failing: '3 Tagen mit Fehlern',
  },
};
