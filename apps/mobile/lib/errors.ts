import { ApiError } from '@oceras/protocol/client';
import { currentLanguage, currentStrings } from './i18n/i18n';

/** A sentence starts with a capital letter (the API's messages are lowercase: "wrong email or password"). */
export const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * What every error on screen says: in English, the server's message as a sentence (the most precise, and the API
 * speaks English); in another language, the sentence for its stable code, as the dashboard does; or what went wrong
 * on the way.
 */
export function errorMessage(err: unknown, fallback?: string) {
  const t = currentStrings().errors;
  const otherwise = fallback ?? t.generic;
  if (err instanceof ApiError) {
    const translated = (t.codes as Record<string, string | undefined>)[err.code];
    if (currentLanguage() !== 'en' && translated) return translated;
    return err.message ? sentence(err.message) : otherwise;
  }
  // withTimeout aborts a request that hung; fetch rejects with a TypeError when no answer came back.
  if (err instanceof Error && err.name === 'AbortError') return t.timeout;
  if (err instanceof TypeError) return t.network;
  if (currentLanguage() !== 'en') return otherwise;
  return err instanceof Error && err.message ? sentence(err.message) : otherwise;
}

/** The same, ending like a sentence (the API's messages have no final stop). */
export function errorSentence(err: unknown, fallback?: string) {
  const text = errorMessage(err, fallback);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
