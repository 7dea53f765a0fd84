import { ApiError } from '@oceras/protocol/client';
import { currentLanguage, currentStrings } from '../i18n/i18n';

/** A sentence starts with a capital letter (the API's messages are lowercase: "wrong email or password"). */
export const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * What the server refused, said on screen: in English, its message as a sentence (the most precise, and the API
 * speaks English); in another language, the sentence for its code. Also for the refusals listed in an answer (a
 * bulk change's).
 */
export function refusalText(error: { code: string; message: string }) {
  const t = currentStrings().errors;
  const translated = (t.codes as Record<string, string | undefined>)[error.code];
  if (currentLanguage() !== 'en' && translated) return translated;
  return sentence(error.message || t.generic);
}

/** What every error on screen says: the server's refusal (`refusalText`), or what went wrong on the way. */
export function errorMessage(err: unknown) {
  const t = currentStrings().errors;
  if (err instanceof ApiError) return refusalText(err);
  // fetch rejects with a TypeError ("Failed to fetch") when no answer came back.
  if (err instanceof TypeError) return t.network;
  return err instanceof Error && err.message ? sentence(err.message) : t.generic;
}
