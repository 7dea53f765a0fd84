/**
 * The agents' emails in English: the catalog the others are typed by (agent-email-i18n/index.ts). Each string is a
 * function of what it names, so that every language can order the words its own way.
 */
export const en = {
  notice: {
    mentioned: (author: string | null, n: number) => `${author ?? 'A colleague'} mentioned you in conversation #${n}`,
    assignedBy: (author: string, n: number) => `${author} assigned conversation #${n} to you`,
    assigned: (n: number) => `Conversation #${n} was assigned to you`,
    lowRating: (rating: string, n: number) => `Conversation #${n} was rated ${rating}`,
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
  /** A rating in words (`ratingText` of the protocol): stars as a score, faces by name. */
  rating: {
    stars: '{score}/5',
    faces: { sad: 'a sad face', neutral: 'a neutral face', happy: 'a happy face' },
  },
  /** The pushes to the agent's phone (modules/push): short, the title first. */
  push: {
    mentioned: (author: string | null) => `${author ?? 'A colleague'} mentioned you`,
    lowRatingTitle: (rating: string, n: number) => `Conversation #${n} rated ${rating}`,
    lowRatingBody: (rating: string) => `Rated ${rating}`,
    visitor: { erased: 'Erased visitor', visitor: 'Visitor', numbered: 'Visitor #{number}' },
    photo: 'Sent a photo',
    file: 'Sent a file',
    files: (count: number) => `Sent ${count} files`,
    testTitle: 'Oceras',
    testBody: 'Test notification: pushes reach this device.',
  },
};

export type AgentEmailStrings = typeof en;
