import { DEFAULT_WIDGET_SETTINGS } from '@oceras/protocol';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/errors.js';
import { agentSessions, agents, agentTwoFactor, organizations, refreshTokens } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { recordEvent } from '../../events/record-event.js';
import { hashToken, randomToken } from '../../lib/crypto.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { SomeHandlers } from '../../plugins/routes.js';
import { presentAgent } from '../agents/agent.presenter.js';
import { findMe } from '../agents/find-me.js';
import { presentOrganization } from '../organizations/organization.presenter.js';
import { startTwoFactorChallenge } from '../two-factor/sign-in-challenge.js';
import { confirmedByPassword } from './confirm-password.js';
import { claimLoginAttempt, forgetLoginFailures, loginAttempt } from './login-limits.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { issueRefreshToken, REFRESH_GRACE_MS, revokeSessions, startSession } from './sessions.js';

export const authHandlers = {
  async signup({ services, body, meta }) {
    const passwordHash = await hashPassword(body.password);
    try {
      return await inTransaction(services, async (tx) => {
        const [org] = await tx
          .insert(organizations)
          .values({
            name: body.organizationName,
            slug: body.slug,
            widgetKey: randomToken('wk_').slice(0, 35),
            widgetSettings: DEFAULT_WIDGET_SETTINGS,
          })
          .returning();
        if (!org) throw new Error('organization insert returned nothing');
        const [agent] = await tx
          .insert(agents)
          .values({
            organizationId: org.id,
            email: body.email,
            name: body.name,
            passwordHash,
            role: 'admin',
            availability: 'online',
          })
          .returning();
        if (!agent) throw new Error('agent insert returned nothing');
        const pair = await startSession(services, tx, agent, meta);
        return {
          ...pair,
          agent: presentAgent(agent, services.presence),
          organization: presentOrganization(org),
          twoFactorEnabled: false,
        };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'slug')) throw new AppError('SLUG_TAKEN', 'this slug is taken');
      if (isUniqueViolation(err, 'email')) throw new AppError('EMAIL_TAKEN', 'an account with this email exists');
      throw err;
    }
  },

  async login({ services, body, meta }) {
    const { db } = services;
    // The agent, its organization and whether it signed in from this address before, in one round trip: a login
    // is a bcrypt hash plus as little else as possible.
    const [found] = await db
      .select({
        agent: agents,
        organization: organizations,
        isKnownAddress: sql<boolean>`exists (select 1 from ${agentSessions} where ${agentSessions.agentId} = ${agents.id}
          and ${agentSessions.ip} = ${meta.ip} and ${agentSessions.lastUsedAt} > now() - interval '30 days')`,
        twoFactorEnabled: sql<boolean>`exists (select 1 from ${agentTwoFactor} where ${agentTwoFactor.agentId} = ${agents.id}
          and ${agentTwoFactor.enabledAt} is not null)`,
      })
      .from(agents)
      .innerJoin(organizations, eq(organizations.id, agents.organizationId))
      .where(and(eq(agents.email, body.email), isNull(agents.removedAt)));
    // The same limits whether the email is an agent's or not (login-limits.ts), then the same hash either way.
    const attempt = loginAttempt(body.email, meta.ip, found?.isKnownAddress ?? false);
    await claimLoginAttempt(services, attempt);
    const agent = found?.agent;
    const ok = await verifyPassword(body.password, agent?.passwordHash ?? null);
    if (!agent || !ok) throw new AppError('INVALID_CREDENTIALS', 'wrong email or password');
    // The code step decides; until a right code the attempt stays counted (modules/two-factor/sign-in-challenge.ts).
    if (found.twoFactorEnabled) return startTwoFactorChallenge(services, agent);
    await forgetLoginFailures(services, attempt);
    const pair = await startSession(services, db, agent, meta);
    return {
      ...pair,
      agent: presentAgent(agent, services.presence),
      organization: presentOrganization(found.organization),
      twoFactorEnabled: false,
    };
  },

  async refresh({ services, body }) {
    const tokenHash = hashToken(body.refreshToken);
    const outcome = await inTransaction(services, async (tx, uow) => {
      const [row] = await tx
        .select({ rotatedAt: refreshTokens.rotatedAt, session: agentSessions })
        .from(refreshTokens)
        .innerJoin(agentSessions, eq(agentSessions.id, refreshTokens.sessionId))
        .where(eq(refreshTokens.tokenHash, tokenHash))
        .for('update');
      if (!row) return { error: new AppError('UNAUTHENTICATED', 'unknown refresh token') } as const;
      const { session } = row;
      if (session.revokedAt || session.expiresAt.getTime() < Date.now()) {
        return { error: new AppError('SESSION_REVOKED', 'this session has ended: sign in again') } as const;
      }
      if (row.rotatedAt && Date.now() - row.rotatedAt.getTime() > REFRESH_GRACE_MS) {
        // A token used again after rotation was stolen or replayed: end the whole family.
        await revokeSessions(
          services,
          tx,
          { organizationId: session.organizationId, agentId: session.agentId, sessionIds: [session.id] },
          'refresh_reuse',
          uow,
        );
        return {
          error: new AppError('SESSION_REVOKED', 'refresh token reused: the session was ended for safety'),
        } as const;
      }
      const [agent] = await tx
        .select({ removedAt: agents.removedAt })
        .from(agents)
        .where(eq(agents.id, session.agentId));
      if (!agent || agent.removedAt)
        return { error: new AppError('SESSION_REVOKED', 'this account was removed') } as const;
      if (!row.rotatedAt)
        await tx.update(refreshTokens).set({ rotatedAt: new Date() }).where(eq(refreshTokens.tokenHash, tokenHash));
      await tx
        .update(agentSessions)
        .set({ lastUsedAt: new Date(), expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000) })
        .where(eq(agentSessions.id, session.id));
      const refreshToken = await issueRefreshToken(tx, session.id);
      const access = await services.tokens.signAccess({
        agentId: session.agentId,
        organizationId: session.organizationId,
        sessionId: session.id,
      });
      return {
        pair: {
          accessToken: access.token,
          accessTokenExpiresAt: access.expiresAt.toISOString(),
          refreshToken,
          sessionId: session.id,
        },
      } as const;
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.pair;
  },

  async logout({ services, principal }) {
    await revokeSessions(
      services,
      services.db,
      { organizationId: principal.organizationId, agentId: principal.agentId, sessionIds: [principal.sessionId] },
      'logout',
    );
    return { ok: true as const };
  },

  async getMe({ services, principal }) {
    return findMe(services, principal);
  },

  async changePassword({ services, principal, body }) {
    const agent = await confirmedByPassword(services, principal, body.currentPassword);
    const passwordHash = await hashPassword(body.newPassword);
    await inTransaction(services, async (tx, uow) => {
      await tx.update(agents).set({ passwordHash }).where(eq(agents.id, agent.id));
      await revokeSessions(
        services,
        tx,
        {
          organizationId: principal.organizationId,
          agentId: agent.id,
          sessionIds: 'all',
          exceptSessionId: principal.sessionId,
        },
        'password_changed',
        uow,
      );
    });
    return { ok: true as const };
  },

  async changeEmail({ services, principal, body }) {
    const agent = await confirmedByPassword(services, principal, body.currentPassword);
    try {
      return await inTransaction(services, async (tx, uow) => {
        const [row] = await tx.update(agents).set({ email: body.email }).where(eq(agents.id, agent.id)).returning();
        const dto = presentAgent(row!, services.presence);
        await recordEvent(tx, uow, principal.organizationId, { type: 'agent.updated', payload: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'email')) throw new AppError('EMAIL_TAKEN', 'an account with this email exists');
      throw err;
    }
  },

  async listSessions({ services, principal }) {
    const rows = await services.db
      .select()
      .from(agentSessions)
      .where(
        and(
          eq(agentSessions.organizationId, principal.organizationId),
          eq(agentSessions.agentId, principal.agentId),
          isNull(agentSessions.revokedAt),
          gt(agentSessions.expiresAt, new Date()),
        ),
      )
      .orderBy(desc(agentSessions.lastUsedAt));
    return {
      sessions: rows.map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastUsedAt.toISOString(),
        userAgent: s.userAgent,
        ip: s.ip,
        isCurrent: s.id === principal.sessionId,
      })),
    };
  },

  async endSession({ services, principal, params }) {
    const ended = await revokeSessions(
      services,
      services.db,
      { organizationId: principal.organizationId, agentId: principal.agentId, sessionIds: [params.id] },
      'ended_by_agent',
    );
    if (ended.length === 0) throw notFound('session');
    return { ok: true as const };
  },

  async getOrganization({ services, principal }) {
    const [org] = await services.db.select().from(organizations).where(eq(organizations.id, principal.organizationId));
    if (!org) throw notFound('organization');
    return presentOrganization(org);
  },
} satisfies SomeHandlers;
