import type { TApiScope } from '@oceras/protocol';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { agentSessions, agents, agentTwoFactor, organizations } from '../../db/schema.js';
import { hashToken } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import type { AgentPrincipal, VisitorPrincipal } from '../../principals.js';
import { findTokenForAuth, touchApiToken } from '../api-tokens/api-token.repo.js';
import { findLiveVisitorSession } from '../widget/find-live-visitor-session.js';
import type { AccessClaims } from './tokens.js';

const TTL_MS = 5_000;
/**
 * A visitor session ends by revocation, which every process hears on the bus ('visitor-sessions-revoked'), or
 * after VISITOR_SESSION_TTL_DAYS without use; this TTL only bounds how long a process that missed that signal
 * (Redis down) keeps the session. At 5 s, a busy site's visitors cost a query every few messages (0.2 queries per
 * message at 1,000 messages/s).
 */
const VISITOR_TTL_MS = 60_000;
const MAX_ENTRIES = 50_000;

interface Entry<T> {
  at: number;
  value: T | null;
}

/**
 * Turns a verified access token or a visitor token into a principal, checking that the session is still alive and
 * reading the agent's current role. Answers are cached for a few seconds so a busy route does not pay a query per
 * request. This process forgets an entry at once when it revokes a session or changes a role; the others forget
 * a revoked session when the bus tells them, and see a role change (or a revocation whose signal they missed)
 * when the entry's TTL runs out.
 */
export class PrincipalCache {
  private readonly agents = new Map<string, Entry<AgentPrincipal>>();
  private readonly visitors = new Map<string, Entry<VisitorPrincipal>>();
  /** By the token's hash; `value` null: unknown, revoked, or its creator removed. */
  private readonly tokens = new Map<string, Entry<AgentPrincipal>>();
  /** When this process last wrote a token's last use, and from where (at most once a minute per token). */
  private readonly touched = new Map<string, { at: number; ip: string }>();
  constructor(
    private readonly db: Db,
    /** VISITOR_SESSION_TTL_DAYS: a visitor session unused this long has ended. */
    private readonly visitorSessionTtlDays = 180,
  ) {}

  async agent(claims: AccessClaims): Promise<AgentPrincipal> {
    let entry = this.agents.get(claims.sessionId);
    if (!entry || Date.now() - entry.at > TTL_MS) {
      const [row] = await this.db
        .select({
          agentId: agents.id,
          organizationId: agents.organizationId,
          role: agents.role,
          needsTwoFactor: sql<boolean>`${organizations.requireTwoFactor} and ${agentTwoFactor.enabledAt} is null`,
        })
        .from(agentSessions)
        .innerJoin(agents, eq(agents.id, agentSessions.agentId))
        .innerJoin(organizations, eq(organizations.id, agents.organizationId))
        .leftJoin(agentTwoFactor, eq(agentTwoFactor.agentId, agents.id))
        .where(
          and(
            eq(agentSessions.id, claims.sessionId),
            eq(agentSessions.agentId, claims.agentId),
            isNull(agentSessions.revokedAt),
            isNull(agents.removedAt),
          ),
        );
      entry = {
        at: Date.now(),
        value: row ? { kind: 'agent', sessionId: claims.sessionId, ...row } : null,
      };
      remember(this.agents, claims.sessionId, entry);
    }
    if (!entry.value || entry.value.organizationId !== claims.organizationId) {
      throw new AppError('SESSION_REVOKED', 'this session has ended: sign in again');
    }
    return entry.value;
  }

  /**
   * An API token (`oce_...`): the creator with their current role, narrowed by the token's scopes. Refused when
   * unknown, revoked, expired, or its creator was removed. Last use is written at most once a minute.
   */
  async apiToken(token: string, ip: string): Promise<AgentPrincipal> {
    const tokenHash = hashToken(token);
    let entry = this.tokens.get(tokenHash);
    if (!entry || Date.now() - entry.at > TTL_MS) {
      const row = await findTokenForAuth(this.db, tokenHash);
      const value: AgentPrincipal | null =
        row && !row.revokedAt && !row.isCreatorRemoved
          ? {
              kind: 'agent',
              agentId: row.agentId,
              organizationId: row.organizationId,
              role: row.role,
              sessionId: row.id,
              // The organization's two-factor requirement governs sign-ins; a token is made by an agent who signed
              // in (creating one is not open before two-factor setup) and is revoked with them.
              needsTwoFactor: false,
              apiToken: { id: row.id, kind: row.kind, scopes: row.scopes as TApiScope[], expiresAt: row.expiresAt },
            }
          : null;
      entry = { at: Date.now(), value };
      remember(this.tokens, tokenHash, entry);
    }
    const p = entry.value;
    if (!p?.apiToken) throw new AppError('UNAUTHENTICATED', 'unknown or revoked API token');
    if (p.apiToken.expiresAt && p.apiToken.expiresAt.getTime() <= Date.now())
      throw new AppError('TOKEN_EXPIRED', 'this API token has expired: create a new one');
    const last = this.touched.get(p.apiToken.id);
    if (!last || last.ip !== ip || Date.now() - last.at > 60_000) {
      remember(this.touched, p.apiToken.id, { at: Date.now(), ip });
      await touchApiToken(this.db, p.apiToken.id, ip);
    }
    return p;
  }

  async visitor(token: string): Promise<VisitorPrincipal> {
    const tokenHash = hashToken(token);
    let entry = this.visitors.get(tokenHash);
    if (!entry || Date.now() - entry.at > VISITOR_TTL_MS) {
      const row = await findLiveVisitorSession(this.db, tokenHash, this.visitorSessionTtlDays);
      entry = { at: Date.now(), value: row ? { kind: 'visitor', ...row } : null };
      remember(this.visitors, tokenHash, entry);
    }
    if (!entry.value) throw new AppError('UNAUTHENTICATED', 'unknown or ended visitor session');
    return entry.value;
  }

  forgetAgent(agentId: string, sessionIds: string[] | 'all' = 'all') {
    for (const [sid, entry] of this.agents) {
      if (entry.value?.agentId === agentId && (sessionIds === 'all' || sessionIds.includes(sid)))
        this.agents.delete(sid);
    }
    if (sessionIds !== 'all') for (const sid of sessionIds) this.agents.delete(sid);
    // API tokens are this agent's "sessions" too (their id is the principal's sessionId).
    for (const [hash, entry] of this.tokens) {
      const id = entry.value?.sessionId;
      if (entry.value?.agentId === agentId && (sessionIds === 'all' || (id && sessionIds.includes(id))))
        this.tokens.delete(hash);
    }
  }

  /** The organization was deleted: none of its sessions may be served from the cache again. */
  forgetOrganization(organizationId: string) {
    for (const [sid, entry] of this.agents) if (entry.value?.organizationId === organizationId) this.agents.delete(sid);
    for (const [hash, entry] of this.tokens)
      if (entry.value?.organizationId === organizationId) this.tokens.delete(hash);
    for (const [hash, entry] of this.visitors)
      if (entry.value?.organizationId === organizationId) this.visitors.delete(hash);
  }

  forgetVisitor(visitorId: string) {
    for (const [hash, entry] of this.visitors) if (entry.value?.visitorId === visitorId) this.visitors.delete(hash);
  }
}

function remember<V>(map: Map<string, V>, key: string, entry: V) {
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, entry);
}
