/**
 * @oceras/sdk: the Oceras REST API for integrations. The call itself is the protocol package's client (the one the
 * dashboard and the mobile app use); this adds the credential and the pages of a list. `npm run build` bundles it
 * with no dependency and writes its types from the route table (scripts/build.ts), so what it accepts and answers
 * is what the server's schemas say.
 */
import { ApiError, type ClientOptions, createClient, type OcerasClient } from '@oceras/protocol/client';

export type { OcerasClient };
export { ApiError };

export interface OcerasOptions {
  /** Where Oceras answers, e.g. `https://chat.example.com`. */
  baseUrl: string;
  /** An API token (`oce_…`, Settings → API tokens), or a function that answers one for each call. */
  token: string | (() => string | Promise<string>);
  /** Another fetch (a proxy's, a test's); the platform's by default. */
  fetch?: ClientOptions['fetch'];
  /** Headers sent with every call (a `user-agent` naming your integration, say). */
  headers?: Record<string, string>;
}

/** A client for one Oceras server and one credential: `call(routeName, { params, query, body })`. */
export function createOcerasClient(options: OcerasOptions): OcerasClient {
  const { token } = options;
  return createClient({
    baseUrl: options.baseUrl,
    getToken: typeof token === 'function' ? token : () => token,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
}

interface Paged {
  nextCursor: string | null;
}

/**
 * Every page of a keyset-paginated list, one after another: the call is repeated with `query.cursor` set to the
 * answer's `nextCursor` until it is null. Stop early by breaking out of the loop.
 */
export async function* pages<P extends Paged>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
): AsyncGenerator<P, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield page;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
