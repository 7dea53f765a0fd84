import type { TMeResponse } from './auth.js';
import type { TErrorCode } from './errors.js';
import { ROUTE_ADDRESSES } from './route-addresses.js';
import type { RouteBody, RouteName, RouteParams, RouteQuery, RouteResponse } from './routes.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: TErrorCode | string,
    message: string,
    readonly details?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ClientOptions {
  baseUrl: string;
  /** Bearer credential for each call: an agent's access token or a visitor's session token. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
}

type Args<N extends RouteName> = (RouteParams<N> extends undefined
  ? { params?: undefined }
  : { params: RouteParams<N> }) &
  (RouteBody<N> extends undefined ? { body?: undefined } : { body: RouteBody<N> }) &
  (RouteQuery<N> extends undefined ? { query?: undefined } : { query?: RouteQuery<N> }) & {
    /** Cancels the call (a search superseded by the next keystroke); the promise rejects with an AbortError. */
    signal?: AbortSignal;
  };

export type OcerasClient = {
  call<N extends RouteName>(name: N, args?: Args<N>): Promise<RouteResponse<N>>;
};

function buildPath(template: string, params: Record<string, string> | undefined): string {
  return template.replace(/:([a-zA-Z]+)/g, (_, key: string) => {
    const value = params?.[key];
    if (value === undefined) throw new Error(`missing path parameter ${key}`);
    return encodeURIComponent(value);
  });
}

function buildQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}

/**
 * A small typed client over the route table: one `call` per route name, typed bodies and answers. It loads the
 * routes' addresses only, never their schemas: the server validates.
 */
export function createClient(options: ClientOptions): OcerasClient {
  const doFetch = options.fetch ?? fetch;
  return {
    async call(name, args) {
      const route = ROUTE_ADDRESSES[name];
      const a = (args ?? {}) as {
        params?: Record<string, string>;
        body?: unknown;
        query?: Record<string, unknown>;
        signal?: AbortSignal;
      };
      const url = options.baseUrl.replace(/\/$/, '') + buildPath(route.path, a.params) + buildQuery(a.query);
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
      const token = await options.getToken?.();
      if (token) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (a.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(a.body);
      }
      const res = await doFetch(url, {
        method: route.method,
        headers,
        body,
        ...(a.signal ? { signal: a.signal } : {}),
      });
      const text = await res.text();
      const json = text ? (JSON.parse(text) as unknown) : undefined;
      if (!res.ok) {
        const err = (json as { error?: { code?: string; message?: string; details?: [] } } | undefined)?.error;
        throw new ApiError(res.status, err?.code ?? 'INTERNAL', err?.message ?? res.statusText, err?.details);
      }
      return json as never;
    },
  };
}

/** GET /me's shape out of PATCH /me's answer (which also carries protocol 1's deprecated top-level agent fields). */
export function meOf({ agent, organization, twoFactorEnabled, language }: TMeResponse): TMeResponse {
  return { agent, organization, twoFactorEnabled, language };
}
