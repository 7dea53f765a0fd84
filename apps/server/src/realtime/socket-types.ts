import type {
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from '@oceras/protocol';
import type { Socket } from 'socket.io';
import type { AccessClaims } from '../modules/auth/tokens.js';
import type { AgentPrincipal, VisitorPrincipal } from '../principals.js';
import type { SocketLimits } from './socket-limits.js';
import type { SocketStream } from './stream.js';

/** What the handshake (handshake.ts) puts on an agent's socket, and what the connection adds. */
export interface AgentData {
  principal: AgentPrincipal;
  /** The session's access token claims; null for a socket opened with an API token (`apiToken`). */
  claims: AccessClaims | null;
  /** The API token the socket was opened with (it needs `conversations:read`); null for a session. */
  apiToken: string | null;
  /** The replay position the client asked for at the handshake. */
  lastSeq: number | undefined;
  /** Closes the socket when its access token expires, unless `session.renew` hands it a fresh one. */
  expiry: NodeJS.Timeout | null;
  stream: SocketStream;
  limits: SocketLimits;
  /** The conversation this client is looking at (colleagues see viewers). */
  viewing: string | null;
}
export interface VisitorData {
  principal: VisitorPrincipal;
  lastSeq: number | undefined;
  stream: SocketStream;
  limits: SocketLimits;
}

export type AgentSocket = Socket<
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  Record<string, never>,
  AgentData
>;
export type VisitorSocket = Socket<
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  Record<string, never>,
  VisitorData
>;
