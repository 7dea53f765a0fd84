import { API_TOKEN_PREFIX, PROTOCOL_VERSION } from '@oceras/protocol';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import { AppError } from '../lib/errors.js';
import { checkTokenScope } from '../modules/api-tokens/check-scope.js';
import type { Services } from '../services.js';
import { ackError } from './handlers/socket-handler.js';
import type { AgentData, VisitorData } from './socket-types.js';

const ZLastSeq = z.number().int().min(0).optional();
type Next = (err?: Error) => void;

/** A client built for another protocol version is told so at the handshake instead of misreading events. */
function checkProtocol(auth: { protocolVersion?: unknown }) {
  if (auth.protocolVersion !== undefined && auth.protocolVersion !== PROTOCOL_VERSION) {
    throw new AppError('PROTOCOL_MISMATCH', `this server speaks protocol ${PROTOCOL_VERSION}: update the client`);
  }
}

/** Runs on every (re)connect; a refusal is `connect_error` with `data` = the error as an ack would carry it. */
const guarded =
  (services: Services, fill: (socket: Socket, auth: Record<string, unknown>) => Promise<void>) =>
  async (socket: Socket, next: Next) => {
    try {
      const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
      checkProtocol(auth);
      await fill(socket, auth);
      next();
    } catch (err) {
      const e = ackError(services.errors.report(err, 'socket handshake'));
      next(Object.assign(new Error(e.message), { data: e }));
    }
  };

/** The longest timer Node keeps (about 24.8 days); a later expiry is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `/agent`: an access token (`auth.token`); the socket closes when it expires unless renewed. An API token
 * (`oce_...`) with `conversations:read` may follow the organization too; each write it makes is checked against
 * its REST twin's scope (handlers/agent.ts), and it closes at the token's expiry or revocation.
 */
export const agentHandshake = (services: Services) =>
  guarded(services, async (socket, auth) => {
    if (typeof auth.token !== 'string') throw new AppError('UNAUTHENTICATED', 'auth.token is required');
    const data = socket.data as Partial<AgentData>;
    data.lastSeq = ZLastSeq.parse(auth.lastSeq ?? undefined);
    if (auth.token.startsWith(API_TOKEN_PREFIX)) {
      const principal = await services.principals.apiToken(auth.token, services.limits.addressOf(socket.request));
      checkTokenScope(principal, 'conversations:read');
      data.principal = principal;
      data.claims = null;
      data.apiToken = auth.token;
      const expiresAt = principal.apiToken?.expiresAt;
      data.expiry = expiresAt
        ? setTimeout(() => socket.disconnect(true), Math.min(MAX_TIMER_MS, expiresAt.getTime() - Date.now()))
        : null;
      return;
    }
    const claims = await services.tokens.verifyAccess(auth.token);
    data.principal = await services.principals.agent(claims);
    if (data.principal.needsTwoFactor) {
      throw new AppError('TWO_FACTOR_REQUIRED', 'your organization requires two-factor sign-in: set it up first');
    }
    data.claims = claims;
    data.apiToken = null;
    data.expiry = setTimeout(() => socket.disconnect(true), claims.expiresAt.getTime() - Date.now());
  });

/** `/visitor`: a widget session token (`auth.sessionToken`). */
export const visitorHandshake = (services: Services) =>
  guarded(services, async (socket, auth) => {
    if (typeof auth.sessionToken !== 'string') throw new AppError('UNAUTHENTICATED', 'auth.sessionToken is required');
    const data = socket.data as Partial<VisitorData>;
    data.principal = await services.principals.visitor(auth.sessionToken);
    data.lastSeq = ZLastSeq.parse(auth.lastSeq ?? undefined);
  });
