import { PROTOCOL_VERSION } from '@oceras/protocol';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import { AppError } from '../lib/errors.js';
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

/** `/agent`: an access token (`auth.token`); the socket closes when it expires unless renewed. */
export const agentHandshake = (services: Services) =>
  guarded(services, async (socket, auth) => {
    if (typeof auth.token !== 'string') throw new AppError('UNAUTHENTICATED', 'auth.token is required');
    const claims = await services.tokens.verifyAccess(auth.token);
    const data = socket.data as Partial<AgentData>;
    data.principal = await services.principals.agent(claims);
    if (data.principal.needsTwoFactor) {
      throw new AppError('TWO_FACTOR_REQUIRED', 'your organization requires two-factor sign-in: set it up first');
    }
    data.claims = claims;
    data.lastSeq = ZLastSeq.parse(auth.lastSeq ?? undefined);
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
