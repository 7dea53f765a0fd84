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
  if (err instanceof ApiError) return codeMessage(err.code, err.message, otherwise);
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

/** An API error's code and message as the screen says it (errorMessage's rule for a refusal kept for later). */
function codeMessage(code: string | undefined, message: string | undefined, otherwise: string) {
  const translated = code ? (currentStrings().errors.codes as Record<string, string | undefined>)[code] : undefined;
  if (currentLanguage() !== 'en' && translated) return translated;
  return message ? sentence(message) : otherwise;
}

/**
 * Why a reply in the outbox was not sent: from the server's error code, as every refusal on screen (the stored
 * English sentence in English, or for a reply kept by an older app, which stored no code).
 */
export const failureReason = (item: { error?: string; errorCode?: string }, otherwise: string) =>
  item.errorCode ? codeMessage(item.errorCode, item.error, otherwise) : item.error ? sentence(item.error) : otherwise;
