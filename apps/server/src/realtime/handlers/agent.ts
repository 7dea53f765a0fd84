import {
  type AgentClientToServerEvents,
  ROUTES,
  type RouteName,
  ZSocketActive,
  ZSocketRead,
  ZSocketRenew,
  ZSocketSendMessage,
  ZSocketTyping,
  ZSocketView,
} from '@oceras/protocol';
import { AppError } from '../../lib/errors.js';
import type { ActivityTracker } from '../../modules/agents/inactivity.js';
import { checkTokenScope } from '../../modules/api-tokens/check-scope.js';
import { findConversation } from '../../modules/conversations/conversation.repo.js';
import { agentLabel } from '../../modules/conversations/labels.js';
import { markRead } from '../../modules/conversations/mark-read.js';
import { agentSendMessage } from '../../modules/messages/agent-send-message.js';
import type { Services } from '../../services.js';
import type { AgentSocket } from '../socket-types.js';
import { handler, type SocketHandlers } from './socket-handler.js';

export interface AgentContext {
  services: Services;
  socket: AgentSocket;
  /** Tells other processes who is connected and viewing here (soon, coalesced). */
  sendPresence(): void;
  activity: ActivityTracker;
}

/**
 * What a person did at their app (away after inactivity, modules/agents/inactivity.ts): sending, typing and the
 * app's own activity ping. Not what an app does by itself (viewing again after a reconnect, reading what arrives
 * in the open conversation, renewing its token), and nothing an API token does.
 */
function noteActivity({ services, socket, activity }: AgentContext) {
  if (socket.data.apiToken) return;
  const { organizationId, agentId } = socket.data.principal;
  activity.note(organizationId, agentId).catch((err) => services.errors.report(err, 'agent activity'));
}

const on = handler<AgentContext>();
/**
 * Role and session (or API token) are read again for every write (cached a few seconds), not frozen at connect
 * time; a token's scopes are checked against the REST twin's, as the REST call would be.
 */
async function current({ services, socket }: AgentContext, twin: RouteName) {
  const { apiToken, claims } = socket.data;
  if (!apiToken && claims) return services.principals.agent(claims);
  const principal = await services.principals.apiToken(apiToken ?? '', services.limits.addressOf(socket.request));
  const auth = ROUTES[twin].auth;
  checkTokenScope(principal, auth.kind === 'agent' ? auth.scope : null);
  return principal;
}

/** The agent namespace's calls: every event of AgentClientToServerEvents, each the same command as its REST twin. */
export const agentSocketHandlers: SocketHandlers<AgentClientToServerEvents, AgentContext> = {
  'message.send': on({ twin: 'sendMessage' }, ZSocketSendMessage, async (ctx, p) => {
    noteActivity(ctx);
    return agentSendMessage(ctx.services, await current(ctx, 'sendMessage'), p.conversationId, p).then(
      (s) => s.message,
    );
  }),

  'agent.active': on('signal', ZSocketActive, async (ctx) => {
    noteActivity(ctx);
    return null;
  }),

  'conversation.read': on({ twin: 'markRead' }, ZSocketRead, async (ctx, p) =>
    markRead(ctx.services, await current(ctx, 'markRead'), p.conversationId, p.seq),
  ),

  'typing.update': on('signal', ZSocketTyping, async (ctx, p) => {
    const { services, socket } = ctx;
    noteActivity(ctx);
    const { agentId, organizationId } = socket.data.principal;
    const conv = await findConversation(services.db, organizationId, p.conversationId);
    const name = (await agentLabel(services.db, organizationId, agentId))?.name ?? null;
    const payload = {
      conversationId: conv.id,
      actor: { type: 'agent' as const, id: agentId, name },
      isTyping: p.isTyping,
      isNote: p.isNote,
    };
    services.bus.signal({ kind: 'agents', organizationId, event: 'typing.updated', payload, exceptAgentId: agentId });
    // A note being written is never shown to the visitor, nor which agent is typing.
    if (!p.isNote)
      services.bus.signal({
        kind: 'visitor',
        organizationId,
        visitorId: conv.visitorId,
        event: 'typing.updated',
        payload: { ...payload, actor: { type: 'agent', id: null, name } },
      });
    return null;
  }),

  'conversation.view': on('signal', ZSocketView, async ({ services, socket, sendPresence }, p) => {
    const { agentId, organizationId } = socket.data.principal;
    if (p.conversationId) await findConversation(services.db, organizationId, p.conversationId);
    const before = socket.data.viewing;
    if (before === p.conversationId) return null;
    const announce = (conversationId: string) =>
      services.bus.signal({
        kind: 'agents',
        organizationId,
        event: 'viewers.updated',
        payload: { conversationId, agentIds: services.presence.viewersOf(conversationId) },
      });
    if (before) {
      services.presence.unview(before, agentId);
      announce(before);
    }
    socket.data.viewing = p.conversationId;
    sendPresence();
    if (p.conversationId) {
      services.presence.view(p.conversationId, agentId);
      announce(p.conversationId);
    }
    return null;
  }),

  /** A fresh access token for this socket before the old one expires (it is closed at expiry otherwise). */
  'session.renew': on({ twin: 'refresh' }, ZSocketRenew, async ({ services, socket }, p) => {
    const claims = await services.tokens.verifyAccess(p.token);
    if (claims.sessionId !== socket.data.principal.sessionId)
      throw new AppError('FORBIDDEN', 'a socket keeps its session');
    await services.principals.agent(claims);
    socket.data.claims = claims;
    if (socket.data.expiry) clearTimeout(socket.data.expiry);
    socket.data.expiry = setTimeout(() => socket.disconnect(true), claims.expiresAt.getTime() - Date.now());
    return { expiresAt: claims.expiresAt.toISOString() };
  }),
};
