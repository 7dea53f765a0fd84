/**
 * The agents' emails in English: the catalog the others are typed by (agent-email-i18n/index.ts). Each string is a
 * function of what it names, so that every language can order the words its own way.
 */
export const en = {
  notice: {
    mentioned: (author: string | null, n: number) => `${author ?? 'A colleague'} mentioned you in conversation #${n}`,
    assignedBy: (author: string, n: number) => `${author} assigned conversation #${n} to you`,
    assigned: (n: number) => `Conversation #${n} was assigned to you`,
    lowRating: (score: number, n: number) => `Conversation #${n} was rated ${score}/5`,
    subjectDigest: (count: number, org: string) =>
      `Your daily digest: ${count} update${count === 1 ? '' : 's'} in ${org}`,
    subjectOne: (headline: string, org: string) => `${headline} (${org})`,
    subjectMany: (count: number, org: string) => `${count} updates you missed in ${org}`,
    intro: (agent: string, org: string) => `Hello ${agent}, here is what happened in ${org} while you were away:`,
    open: (n: number) => `Open conversation #${n}`,
    settings: 'Change these emails',
  },
  webhookDisabled: {
    subject: 'Oceras: a webhook was turned off',
    text: (url: string, why: string) =>
      `The webhook to ${url} was turned off after ${why}. Turn it on again in Settings > Webhooks once the receiver works.`,
    gone: 'a 410 Gone answer',
    failing: '3 days of failures',
  },
};

export type AgentEmailStrings = typeof en;
