import { AppError } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { decodeEmailCursor, presentEmail } from './email.presenter.js';
import { listEmails } from './email.repo.js';
import { sendTranscript, setTranscriptRequest } from './transcript-request.js';

export const emailHandlers = {
  setConversationTranscript: ({ services, principal, params, body }) =>
    setTranscriptRequest(services, principal, params.id, body),
  sendConversationTranscript: ({ services, principal, params }) => sendTranscript(services, principal, params.id),
  /** Admins only (the route table). */
  async listEmailDeliveries({ services, principal, query }) {
    const before = query.cursor === undefined ? null : decodeEmailCursor(query.cursor);
    if (query.cursor !== undefined && before === null) throw new AppError('VALIDATION_FAILED', 'cursor is not valid');
    const rows = await listEmails(services.db, principal.organizationId, { before, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    return {
      deliveries: page.map(presentEmail),
      nextCursor: rows.length > query.limit ? String(page.at(-1)!.id) : null,
    };
  },
} satisfies SomeHandlers;
