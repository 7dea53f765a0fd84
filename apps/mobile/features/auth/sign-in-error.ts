import { ApiError } from '@oceras/protocol/client';
import { errorMessage } from '@/lib/errors';

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
  if (err instanceof ApiError) {
    if (err.status === 401) return 'Wrong email or password.';
    if (err.status === 429) return 'Too many attempts. Wait a minute and try again.';
    if (err.status === 404) return 'No Oceras server at this address.';
    return errorMessage(err);
  }
  // No answer at all. On the web that is also what a refused cross-origin call looks like: ask the server directly.
  if (ctx.isWeb && err instanceof TypeError && ctx.pageOrigin && (await ctx.isServerAnswering())) {
    return (
      `The server answered, but it does not accept sign-ins from this page (${ctx.pageOrigin}). ` +
      `Add ${ctx.pageOrigin} to the server's CORS_ORIGINS setting and restart it.`
    );
  }
  if (err instanceof Error && err.name === 'AbortError') return errorMessage(err);
  return 'Could not reach the server. Check the address and your connection.';
}
