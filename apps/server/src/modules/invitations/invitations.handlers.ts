import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { agents, invitations, organizations } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { recordEvent } from '../../events/record-event.js';
import { hashToken, randomToken } from '../../lib/crypto.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { presentAgent } from '../agents/agent.presenter.js';
import { hashPassword } from '../auth/passwords.js';
import { startSession } from '../auth/sessions.js';
import { presentOrganization } from '../organizations/organization.presenter.js';

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

const present = (i: typeof invitations.$inferSelect) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  expiresAt: i.expiresAt.toISOString(),
  createdAt: i.createdAt.toISOString(),
});

export const invitationHandlers = {
  async listInvitations({ services, principal }) {
    const rows = await services.db
      .select()
      .from(invitations)
      .where(
        and(
          eq(invitations.organizationId, principal.organizationId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date()),
        ),
      )
      .orderBy(desc(invitations.createdAt));
    return { invitations: rows.map(present) };
  },

  /**
   * Single-use and expiring. The token travels in the link's fragment (after #), which browsers never send to a
   * server, so it stays out of every access log. Emailed when SMTP is configured; otherwise shown to the admin once.
   */
  async createInvitation({ services, principal, body }) {
    const [taken] = await services.db.select({ id: agents.id }).from(agents).where(eq(agents.email, body.email));
    if (taken) throw new AppError('EMAIL_TAKEN', 'an account with this email exists');
    const token = randomToken('inv_');
    const [row] = await services.db
      .insert(invitations)
      .values({
        organizationId: principal.organizationId,
        email: body.email,
        role: body.role,
        tokenHash: hashToken(token),
        invitedBy: principal.agentId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      })
      .returning();
    if (!row) throw new Error('invitation insert returned nothing');
    const inviteUrl = `${services.env.PUBLIC_URL}/invite#token=${token}`;
    if (services.mailer.isConfigured) {
      const [org] = await services.db
        .select({ name: organizations.name })
        .from(organizations)
        .where(eq(organizations.id, principal.organizationId));
      try {
        await services.mailer.send({
          to: body.email,
          subject: `You are invited to ${org?.name ?? 'Oceras'}`,
          text: `You have been invited to answer conversations for ${org?.name ?? 'your team'} on Oceras.\n\nAccept within 7 days:\n${inviteUrl}\n`,
        });
        return { ...present(row), emailed: true };
      } catch (err) {
        services.logger.warn(
          { err: { message: (err as Error).message } },
          'invitation email failed; link shown to the admin',
        );
      }
    }
    return { ...present(row), emailed: false, inviteUrl };
  },

  async revokeInvitation({ services, principal, params }) {
    const [row] = await services.db
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.organizationId, principal.organizationId),
          eq(invitations.id, params.id),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ id: invitations.id });
    if (!row) throw notFound('invitation');
    return { ok: true as const };
  },

  async acceptInvitation({ services, body, meta }) {
    const passwordHash = await hashPassword(body.password);
    return inTransaction(services, async (tx, uow) => {
      const [inv] = await tx
        .select()
        .from(invitations)
        .where(eq(invitations.tokenHash, hashToken(body.token)))
        .for('update');
      if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt.getTime() < Date.now()) {
        throw new AppError('INVITATION_INVALID', 'this invitation is used, withdrawn or expired: ask for a new one');
      }
      const [taken] = await tx.select({ id: agents.id }).from(agents).where(eq(agents.email, inv.email));
      if (taken) throw new AppError('EMAIL_TAKEN', 'an account with this email exists');
      await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, inv.id));
      const [agent] = await tx
        .insert(agents)
        .values({ organizationId: inv.organizationId, email: inv.email, name: body.name, passwordHash, role: inv.role })
        .returning();
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, inv.organizationId));
      const pair = await startSession(services, tx, agent!, meta);
      const dto = presentAgent(agent!, services.presence);
      // Colleagues' lists gain the newcomer live: agent.updated is an upsert for clients.
      await recordEvent(tx, uow, inv.organizationId, { type: 'agent.updated', payload: dto });
      return { ...pair, agent: dto, organization: presentOrganization(org!), twoFactorEnabled: false };
    });
  },
} satisfies SomeHandlers;
