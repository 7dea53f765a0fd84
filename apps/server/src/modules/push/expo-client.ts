import type { Expo } from 'expo-server-sdk';
import type { Dispatcher } from 'undici';

export interface ExpoClientOptions {
  accessToken?: string;
  /** Where Expo's push API is, instead of https://exp.host (the tests' local server). */
  baseUrl?: string;
  maxConcurrentRequests?: number;
  retryMinTimeout?: number;
}

/** Expo's API paths all start here, after the base URL (`${baseUrl}/--/api/v2/push/send`, …/getReceipts). */
const API_PATH = '/--/';

/**
 * `dispatcher`, sending every request to `baseUrl` instead, with the path from `/--/` on.
 *
 * expo-server-sdk 6.x builds its URLs once, when it is loaded, from `process.env.EXPO_BASE_URL`
 * (build/ExpoClientValues.js) and has no option for them. It does take `httpAgent`, an undici dispatcher that its
 * fetch uses for every request, and a dispatcher decides where a request goes: so the base URL belongs to each
 * client, the process environment is never written, and two apps in one process can each have their own.
 */
export function rebase(dispatcher: Dispatcher, baseUrl: string): Dispatcher {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return dispatcher.compose((dispatch) => (opts, handler) => {
    const at = opts.path.indexOf(API_PATH);
    return dispatch(
      { ...opts, origin: base.origin, path: prefix + (at >= 0 ? opts.path.slice(at) : opts.path) },
      handler,
    );
  });
}

/**
 * An Expo client. The SDK and undici (the SDK's own HTTP client, the same copy) are imported here, on first use, so
 * a process that never sends a push never loads them (both stay outside the server's bundle, build.mjs). `close`
 * ends the connections of a client with its own base URL (the default one shares the process's).
 */
export async function createExpoClient(options: ExpoClientOptions): Promise<{ expo: Expo; close(): Promise<void> }> {
  const { Expo } = await import('expo-server-sdk');
  const httpAgent = options.baseUrl ? rebase(new (await import('undici')).Agent(), options.baseUrl) : undefined;
  const expo = new Expo({
    accessToken: options.accessToken,
    maxConcurrentRequests: options.maxConcurrentRequests,
    retryMinTimeout: options.retryMinTimeout,
    ...(httpAgent && { httpAgent }),
  });
  return { expo, close: async () => httpAgent?.destroy() };
}
