import type { TEmailInbox } from '@oceras/protocol';
import { isUniqueViolation } from '../../db/errors.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import type { Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import { deleteInbox, type EmailInboxRow, insertInbox, listInboxes } from './email-inboxes.repo.js';
import { newReplyToken } from './thread-email.js';

/** The forwarding address of an inbox: `inbox+<token>@REPLY_DOMAIN` (none without a reply domain). */
export const forwardingAddress = (env: Services['env'], forwardToken: string) =>
  env.REPLY_DOMAIN ? `inbox+${forwardToken}@${env.REPLY_DOMAIN}` : null;

const present = (env: Services['env'], r: EmailInboxRow): TEmailInbox => ({
  id: r.id,
  address: r.address,
  forwardingAddress: forwardingAddress(env, r.forwardToken),
  createdAt: r.createdAt.toISOString(),
});

/** Admins only (the route table). Creating and deleting are audited (the id only: an address is not kept there). */
export const emailInboxHandlers = {
  async listEmailInboxes({ services, principal }) {
    const rows = await listInboxes(services.db, principal.organizationId);
    return { inboxes: rows.map((r) => present(services.env, r)) };
  },

  async createEmailInbox({ services, principal, body }) {
    const domain = services.env.REPLY_DOMAIN?.toLowerCase();
    if (domain && body.address.toLowerCase().endsWith(`@${domain}`))
      throw new AppError('VALIDATION_FAILED', 'the reply domain’s addresses are Oceras’ own: connect your address');
    try {
      const row = await inTransaction(services, async (tx) => {
        const inbox = await insertInbox(tx, principal.organizationId, {
          address: body.address.toLowerCase(),
          forwardToken: newReplyToken(),
        });
        await recordAudit(tx, principal, 'email_inbox.created', { type: 'email_inbox', id: inbox.id });
        return inbox;
      });
      return present(services.env, row);
    } catch (err) {
      if (isUniqueViolation(err, 'email_inboxes_address_key'))
        throw new AppError('CONFLICT', 'this address is already connected');
      throw err;
    }
  },

  async deleteEmailInbox({ services, principal, params }) {
    await inTransaction(services, async (tx) => {
      const row = await deleteInbox(tx, principal.organizationId, params.id);
      if (!row) throw notFound('email inbox');
      await recordAudit(tx, principal, 'email_inbox.deleted', { type: 'email_inbox', id: row.id });
    });
    return { ok: true as const };
  },
} satisfies SomeHandlers;
