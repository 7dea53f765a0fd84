import { ApiError } from '@oceras/protocol/client';
import { errorMessage } from '@/lib/errors';
import { currentStrings, fill } from '@/lib/i18n/i18n';

export interface SignInContext {
  /** The web build: the browser, not the network, may be what refused the call. */
  isWeb: boolean;
  /** The page's own origin on the web (what the server's CORS_ORIGINS must list). */
  pageOrigin: string | null;
  /** Whether the server answers this page on a route open to every origin (Session.isAnsweringBrowsers). */
  isServerAnswering: () => Promise<boolean>;
}

/** What went wrong with a sign-in, in words that say what to do about it. */
export async function describeSignInError(err: unknown, ctx: SignInContext) {
  const t = currentStrings().signIn;
  if (err instanceof ApiError) {
    if (err.status === 401) return t.wrongPassword;
    if (err.status === 429) return t.tooMany;
    if (err.status === 404) return t.noServer;
    return errorMessage(err);
  }
  // No answer at all. On the web that is also what a refused cross-origin call looks like: ask the server directly.
  if (ctx.isWeb && err instanceof TypeError && ctx.pageOrigin && (await ctx.isServerAnswering())) {
    return fill(t.cors, { origin: ctx.pageOrigin });
  }
  if (err instanceof Error && err.name === 'AbortError') return errorMessage(err);
  return t.unreachable;
}
