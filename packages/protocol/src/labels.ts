// What every app shows for a visitor, and whether a conversation takes a reply: one rule for the dashboard, the
// mobile app and the server's push titles. No zod here, so lazily loaded screens import it without splitting zod.

export const ERASED_VISITOR_LABEL = 'Erased visitor';

/** The words of `visitorDisplayName`, in English unless an app passes its own language's. */
export interface VisitorWords {
  erased: string;
  visitor: string;
  /** "Visitor #{number}". */
  numbered: string;
}
const ENGLISH_VISITOR_WORDS: VisitorWords = {
  erased: ERASED_VISITOR_LABEL,
  visitor: 'Visitor',
  numbered: 'Visitor #{number}',
};

/**
 * "Erased visitor" once erased (privacy policy §7), else their name, else their email, else "Visitor #n" (the
 * conversation's number), else "Visitor"; in another language with its `words`.
 */
export const visitorDisplayName = (
  visitor: { name: string | null; email: string | null; isErased?: boolean },
  number?: number,
  words: VisitorWords = ENGLISH_VISITOR_WORDS,
) =>
  visitor.isErased
    ? words.erased
    : visitor.name ||
      visitor.email ||
      (number !== undefined ? words.numbered.replace('{number}', String(number)) : words.visitor);

/**
 * Whether an agent may send a public reply in this conversation, as the server decides it (`VISITOR_ERASED`): never
 * once its visitor is erased; internal notes stay possible. The apps disable their reply with the notice below.
 */
export const acceptsReplies = (conversation: { visitor: { isErased?: boolean } }) => !conversation.visitor.isErased;

export const ERASED_VISITOR_REPLY_NOTICE =
  'This visitor’s data was erased: nobody can read a reply. You can still add internal notes.';
