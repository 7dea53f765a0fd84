import type { ROUTES } from '@oceras/protocol';
import { ApiError } from '@oceras/protocol/client';
import { session } from './api';

/**
 * The exports the dashboard downloads (`stream: true` routes), with their paths checked against the route table at
 * compile time. Not read from ROUTES at run time: the lazy pages that download would then make the bundler split
 * zod into a chunk of its own, heavier to download.
 */
const PATHS = {
  exportVisitor: '/api/v1/visitors/:id/export',
  exportMe: '/api/v1/me/export',
  exportAuditLog: '/api/v1/audit-log/export',
  exportVisitorsCsv: '/api/v1/visitors/export.csv',
} as const satisfies {
  [N in keyof typeof ROUTES]?: (typeof ROUTES)[N] extends { stream: true } ? (typeof ROUTES)[N]['path'] : never;
};
export type DownloadRoute = keyof typeof PATHS;

/** The file name the server gave (`Content-Disposition: attachment; filename="…"`), else `fallback`. */
export function fileNameOf(disposition: string | null, fallback: string) {
  const name = disposition?.match(/filename="([^"]+)"/)?.[1];
  return name && !/[/\\]/.test(name) ? name : fallback;
}

async function fetchSigned(url: string) {
  const token = await session.accessToken();
  return fetch(url, {
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}

async function errorOf(res: Response) {
  const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return new ApiError(res.status, json?.error?.code ?? 'INTERNAL', json?.error?.message ?? res.statusText);
}

/**
 * Saves an export as a file, as the browser downloads: the answer is read as it streams into a Blob (the page never
 * parses it) and handed to a download link. Errors are the client's (ApiError, or a TypeError without an answer), and
 * a refused session signs out as every other call does (api.ts). Answers the file name.
 */
export async function download(name: DownloadRoute, params: { id?: string } = {}, fallback = `${name}.json`) {
  const url = PATHS[name].replace(':id', encodeURIComponent(params.id ?? ''));
  let res = await fetchSigned(url);
  if (res.status === 401 && session.current) {
    const err = await errorOf(res);
    if (err.code === 'SESSION_REVOKED' || err.code === 'UNAUTHENTICATED') session.signOut('ended');
    if (err.code !== 'TOKEN_EXPIRED') throw err;
    const outcome = await session.refreshNow();
    if (outcome !== 'refreshed' && outcome !== 'adopted') throw err;
    res = await fetchSigned(url);
  }
  if (!res.ok) throw await errorOf(res);
  const fileName = fileNameOf(res.headers.get('content-disposition'), fallback);
  saveFile(await res.blob(), fileName);
  return fileName;
}

/** Hands a Blob to the browser's downloads under this name. */
export function saveFile(blob: Blob, fileName: string) {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference by now; the URL is freed a little later, not while the click is handled.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
