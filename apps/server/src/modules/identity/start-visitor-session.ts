import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { isDeadlock, isUniqueViolation } from '../../db/errors.js';
import { type organizations, visitorSessions, visitors } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import type { UnitOfWork } from '../../events/record-event.js';
import { hashToken, randomToken } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import type { RequestMeta } from '../../principals.js';
import type { Services } from '../../services.js';
import { contactChanges, lockForContactEvent, recordContactEvent } from '../contacts/contact-events.js';
import { findLiveVisitorSession } from '../widget/find-live-visitor-session.js';
import { openIdentitySecret } from './identity-secret.js';
import { mergeVisitorInto } from './merge-visitors.js';
import { isValidUserHash } from './user-hash.js';

type Org = typeof organizations.$inferSelect;
type Visitor = typeof visitors.$inferSelect;
interface Claim {
  sessionToken?: string;
  name?: string;
  email?: string;
  userId?: string;
  userHash?: string;
}
export interface StartedSession {
  visitor: Visitor;
  sessionToken: string;
  isResumed: boolean;
}

/**
 * The verified user id a session call claims, or null when it claims none. A claim that does not verify (userId
 * without userHash or the reverse, a malformed or wrong hash, one made with a rotated secret, no secret at all) is
 * refused before anything is read or written: the same IDENTITY_INVALID whatever the reason, so a caller learns
 * nothing about another user.
 */
export function verifiedUserId(services: Pick<Services, 'env'>, org: Org, claim: Claim): string | null {
  if (claim.userId === undefined && claim.userHash === undefined) return null;
  const secret = openIdentitySecret(services, org.identitySecretSealed);
  if (claim.userId === undefined || claim.userHash === undefined || !secret)
    throw new AppError('IDENTITY_INVALID', 'identity needs both userId and userHash, and an identity secret set up');
  if (!isValidUserHash(secret, claim.userId, claim.userHash))
    throw new AppError('IDENTITY_INVALID', 'userHash is not the hex HMAC-SHA256 of userId with the identity secret');
  return claim.userId;
}

/**
 * `createWidgetSession` after the widget key and the embedding origin are checked: resumes the browser's live session
 * or starts one, on the visitor the verified user id names when there is one (every device of that user shares it).
 * - No identity: the live session's visitor resumes; else a new anonymous visitor. Refused (IDENTITY_REQUIRED) when
 *   the organization requires verified identity and the visitor would be anonymous.
 * - Identity: the live session resumes if it is that user's visitor. An anonymous live visitor becomes that user's
 *   visitor (no verified one yet) or is merged into it (merge-visitors.ts). Otherwise a new session is made on that
 *   user's visitor, created on first use.
 */
export async function startVisitorSession(
  services: Services,
  org: Org,
  claim: Claim,
  meta: RequestMeta,
  /** More of the visitor to keep with this visit (the widget's language and page, for follow-up emails). */
  more: Partial<Visitor> = {},
): Promise<StartedSession> {
  const userId = verifiedUserId(services, org, claim);
  const live = claim.sessionToken
    ? await findLiveVisitorSession(services.db, hashToken(claim.sessionToken), services.env.VISITOR_SESSION_TTL_DAYS)
    : undefined;
  const liveVisitorId = live && live.organizationId === org.id ? live.visitorId : null;
  const seen = {
    lastSeenAt: new Date(),
    ip: meta.ip,
    userAgent: meta.userAgent,
    ...(claim.name ? { name: claim.name } : {}),
    ...(claim.email ? { email: claim.email } : {}),
    ...more,
  };
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(services, async (tx, uow) => {
        const resumed = liveVisitorId ? await findVisitor(tx, org.id, eq(visitors.id, liveVisitorId)) : undefined;
        if (userId === null) {
          if (org.requireVerifiedIdentity && !resumed?.externalUserId)
            throw new AppError(
              'IDENTITY_REQUIRED',
              'this chat is for signed-in users: identify with userId and userHash',
            );
          if (resumed)
            return { visitor: await touch(tx, uow, resumed, seen), sessionToken: claim.sessionToken!, isResumed: true };
          return newSession(tx, await insertVisitor(tx, uow, org.id, seen, null), false);
        }
        const verified = await findVisitor(tx, org.id, eq(visitors.externalUserId, userId));
        if (resumed && resumed.id === verified?.id)
          return { visitor: await touch(tx, uow, resumed, seen), sessionToken: claim.sessionToken!, isResumed: true };
        if (resumed && resumed.externalUserId === null) {
          if (!verified) {
            const visitor = await touch(tx, uow, resumed, { ...seen, externalUserId: userId });
            return { visitor, sessionToken: claim.sessionToken!, isResumed: true };
          }
          await mergeVisitorInto(services, tx, uow, org.id, resumed, verified);
        }
        if (verified) return newSession(tx, await touch(tx, uow, verified, seen), true);
        return newSession(tx, await insertVisitor(tx, uow, org.id, seen, userId), false);
      });
    } catch (err) {
      // Two devices of a new user at once: the other one created the verified visitor; attach to it.
      if (attempt === 0 && isUniqueViolation(err, 'visitors_external_user_key')) continue;
      if (attempt < 2 && isDeadlock(err)) continue;
      throw err;
    }
  }
}

const findVisitor = async (tx: Tx, organizationId: string, which: ReturnType<typeof eq>) =>
  (
    await tx
      .select()
      .from(visitors)
      .where(and(eq(visitors.organizationId, organizationId), which, isNull(visitors.erasedAt)))
  )[0];

/**
 * The visitor seen again, with what this visit says of them. A visit that changes their labels (a new name or email,
 * a verified user id) is a `contact.updated`; one that only moves last seen, address and page (most visits) records
 * nothing and takes no organization-wide lock.
 */
async function touch(tx: Tx, uow: UnitOfWork, visitor: Visitor, values: Partial<Visitor>) {
  const isRelabel = contactChanges(visitor, { ...visitor, ...values }).length > 0;
  if (isRelabel) await lockForContactEvent(tx, visitor.organizationId);
  const [row] = await tx
    .update(visitors)
    .set(values)
    .where(and(eq(visitors.organizationId, visitor.organizationId), eq(visitors.id, visitor.id)))
    .returning();
  if (isRelabel)
    await recordContactEvent(tx, uow, { type: 'contact.updated', row: row!, changes: contactChanges(visitor, row!) });
  return row!;
}

async function insertVisitor(
  tx: Tx,
  uow: UnitOfWork,
  organizationId: string,
  seen: Partial<Visitor>,
  externalUserId: string | null,
) {
  // First and last seen both from the database's clock (their defaults), never the process's.
  const { lastSeenAt: _, ...labels } = seen;
  const [row] = await tx
    .insert(visitors)
    .values({ ...labels, organizationId, externalUserId })
    .returning();
  await recordContactEvent(tx, uow, { type: 'contact.created', row: row! });
  return row!;
}

async function newSession(tx: Tx, visitor: Visitor, isResumed: boolean): Promise<StartedSession> {
  const sessionToken = randomToken('vs_');
  await tx
    .insert(visitorSessions)
    .values({ tokenHash: hashToken(sessionToken), organizationId: visitor.organizationId, visitorId: visitor.id });
  return { visitor, sessionToken, isResumed };
}
