import type { AgentEmailStrings } from './en.js';

export const de: AgentEmailStrings = {
  notice: {
    mentioned: (author, n) => `${author ?? 'Ein Kollege'} hat Sie in Unterhaltung #${n} erwähnt`,
    assignedBy: (author, n) => `${author} hat Ihnen Unterhaltung #${n} zugewiesen`,
    assigned: (n) => `Unterhaltung #${n} wurde Ihnen zugewiesen`,
    lowRating: (rating, n) => `Unterhaltung #${n} wurde mit ${rating} bewertet`,
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
  rating: {
    stars: '{score}/5',
    faces: { sad: 'einem traurigen Gesicht', neutral: 'einem neutralen Gesicht', happy: 'einem lachenden Gesicht' },
  },
  push: {
    mentioned: (author) => `${author ?? 'Eine Kollegin oder ein Kollege'} hat Sie erwähnt`,
    lowRatingTitle: (rating, n) => `Unterhaltung #${n} mit ${rating} bewertet`,
    lowRatingBody: (rating) => `Bewertet mit ${rating}`,
    visitor: { erased: 'Gelöschter Besucher', visitor: 'Besucher', numbered: 'Besucher #{number}' },
    photo: 'Hat ein Foto gesendet',
    file: 'Hat eine Datei gesendet',
    files: (count) => `Hat ${count} Dateien gesendet`,
    testTitle: 'Oceras',
    testBody: 'Testbenachrichtigung: Pushes erreichen dieses Gerät.',
  },
};
