import type { FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.js';
import { isOriginAllowed } from './allowed-origin.js';

/**
 * Refuses a browser call made from a page outside the organization's allowedDomains. Calls without an `Origin`
 * header (servers, curl, same-origin GETs) and calls from Oceras' own origin (the chat frame) pass: a non-browser
 * client can send any Origin it likes, so this guards against other websites embedding the widget, not against
 * scripts (docs/ARCHITECTURE.md, "Widget").
 */
export function checkEmbeddingOrigin(request: FastifyRequest, allowedDomains: readonly string[], publicUrl: string) {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || allowedDomains.length === 0) return;
  if (isOwnOrigin(origin, request.headers.host, publicUrl)) return;
  if (!isOriginAllowed(origin, allowedDomains))
    throw new AppError('DOMAIN_NOT_ALLOWED', 'this website is not on the allowed domains of this widget');
}

function isOwnOrigin(origin: string, host: string | undefined, publicUrl: string) {
  try {
    const url = new URL(origin);
    return url.host === host || url.origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}
