import { ApiError } from '@oceras/protocol/client';

/** A sentence starts with a capital letter (the API's messages are lowercase: "wrong email or password"). */
export const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What every error on screen says: the server's message as a sentence, or what went wrong on the way. */
export function errorMessage(err: unknown) {
  if (err instanceof ApiError) return sentence(err.message || 'Something went wrong');
  // fetch rejects with a TypeError ("Failed to fetch") when no answer came back.
  if (err instanceof TypeError) return 'Could not reach the server. Check your connection and try again.';
  return err instanceof Error && err.message ? sentence(err.message) : 'Something went wrong';
}
