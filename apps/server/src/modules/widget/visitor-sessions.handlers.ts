import { and, eq } from 'drizzle-orm';
import { visitors } from '../../db/schema.js';
import { hashToken } from '../../lib/crypto.js';
import { notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { revokeVisitorSessions } from './visitor-sessions.js';

export const visitorSessionHandlers = {
  /** Oceras.reset(): the visitor's own session ends on the server, not only in the browser. */
  async revokeWidgetSession({ services, principal, request }) {
    // The visitor context authenticated this bearer token; it names the session to end.
    const token = (request.headers.authorization ?? '').slice('Bearer '.length).trim();
    await revokeVisitorSessions(services, services.db, { ...principal, tokenHash: hashToken(token) });
    return { ok: true as const };
  },

  /** An agent ends every session of a visitor of their organization (a shared computer, a lost phone). */
  async revokeVisitorSessions({ services, principal, params }) {
    const [visitor] = await services.db
      .select({ id: visitors.id })
      .from(visitors)
      .where(and(eq(visitors.organizationId, principal.organizationId), eq(visitors.id, params.id)));
    if (!visitor) throw notFound('visitor');
    await revokeVisitorSessions(services, services.db, {
      organizationId: principal.organizationId,
      visitorId: visitor.id,
    });
    return { ok: true as const };
  },
} satisfies SomeHandlers;
