/**
 * The frame's strings in English, French, German and Spanish, picked from navigator.languages. English is here; the
 * others are in locales/, each a chunk of its own loaded for the visitors who read it (the chat's weight counts,
 * docs/PERFORMANCE.md): add a string to every one of them.
 */
const en = {
  chat: 'Chat',
  close: 'Close chat',
  back: 'Back to conversations',
  sound: 'Play a sound for new messages',
  soundTurnOn: 'Turn sound on',
  soundTurnOff: 'Turn sound off',
  online: 'We are online',
  away: 'We will be back soon',
  offline: 'No one is online right now.',
  offlineReply: 'Leave a message and we will reply here as soon as we can.',
  offlineComeBack: 'Leave a message: we will reply here, and you will find our answer when you come back.',
  offlineEmail: 'Leave a message: we will reply here and by email.',
  newConversation: 'New conversation',
  conversations: 'Your conversations',
  data: 'Your data',
  history: 'Conversation history',
  noMessagesYet: 'No messages yet',
  message: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  sending: 'Sending…',
  failed: 'Not sent',
  seen: 'Seen',
  typing: '{name} is typing…',
  someone: 'Someone',
  agent: 'Support',
  you: 'You',
  reconnecting: 'Reconnecting…',
  newMessageFrom: 'New message from {name}: {body}',
  preChatTitle: 'Before we start',
  preChatIntro: 'Tell us who you are so we can get back to you.',
  name: 'Name',
  email: 'Email',
  optional: '(optional)',
  start: 'Start chatting',
  skip: 'Skip',
  nameRequired: 'Please enter your name.',
  emailInvalid: 'Please enter a valid email address.',
  consent: 'By starting the chat you agree to our',
  privacyPolicy: 'privacy policy',
  consentAfter: '.',
  consentNoPolicy: 'We use these details only to answer you.',
  attach: 'Attach files',
  dropFiles: 'Drop files here to send them',
  cancel: 'Cancel',
  retry: 'Retry',
  fileStalled: 'The file could not be sent yet.',
  notSent: 'Not sent: {reason}',
  fileLost: 'Not sent: the page was closed or reloaded before the file was sent.',
  loadError: 'The chat could not load. Retrying…',
} as const;
export type Strings = { [K in keyof typeof en]: string };

const LOCALES: Record<string, () => Promise<{ default: Strings }>> = {
  en: async () => ({ default: en }),
  fr: () => import('./locales/fr.js'),
  de: () => import('./locales/de.js'),
  es: () => import('./locales/es.js'),
};
export const LANGUAGES = Object.keys(LOCALES);

/** A language's strings (English if its chunk cannot load). */
export const loadStrings = (lang: string): Promise<Strings> =>
  LOCALES[lang]!().then(
    (m) => m.default,
    () => en,
  );

/** The first of the visitor's languages we have ("fr-CA" counts as "fr"), else English. */
export function pickLocale(languages: readonly string[]): string {
  for (const tag of languages) {
    const base = tag.toLowerCase().split(/[-_]/)[0] ?? '';
    if (base in LOCALES) return base;
  }
  return 'en';
}

/**
 * The offline notice: only what is true. No code emails visitors yet, so `hasEmailFollowUp` is false everywhere
 * today; the email issue sets it when the organization has email follow-up on, and the email sentence shows to
 * visitors who gave an address. "You will find our answer when you come back" needs storage that outlives the page.
 */
export function offlineNotice(
  t: Strings,
  o: { hasEmailFollowUp: boolean; hasEmail: boolean; isRemembered: boolean },
): string {
  const line = o.hasEmailFollowUp && o.hasEmail ? t.offlineEmail : o.isRemembered ? t.offlineComeBack : t.offlineReply;
  return `${t.offline} ${line}`;
}

export const format = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
