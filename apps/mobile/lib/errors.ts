import { ApiError } from '@oceras/protocol/client';

/** A sentence starts with a capital letter (the API's messages are lowercase: "wrong email or password"). */
export const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What every error on screen says: the server's message as a sentence, or what went wrong on the way. */
export function errorMessage(err: unknown, fallback = 'That did not work. Try again.') {
  if (err instanceof ApiError) return err.message ? sentence(err.message) : fallback;
  // withTimeout aborts a request that hung; fetch rejects with a TypeError when no answer came back.
  if (err instanceof Error && err.name === 'AbortError') return 'The server did not answer in time. Try again.';
  if (err instanceof TypeError) return 'Could not reach the server. Check your connection.';
  return err instanceof Error && err.message ? sentence(err.message) : fallback;
}

/** The same, ending like a sentence (the API's messages have no final stop). */
export function errorSentence(err: unknown, fallback?: string) {
  const text = errorMessage(err, fallback);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
