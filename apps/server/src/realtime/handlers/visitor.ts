import {
  type VisitorClientToServerEvents,
  ZSocketRead,
  ZSocketTyping,
  ZSocketVisitorSendMessage,
} from '@oceras/protocol';
import { findVisitorConversation } from '../../modules/conversations/conversation.repo.js';
import { markVisitorRead } from '../../modules/conversations/mark-visitor-read.js';
import { visitorSendMessage } from '../../modules/messages/visitor-send-message.js';
import type { Services } from '../../services.js';
import type { VisitorSocket } from '../socket-types.js';
import { handler, type SocketHandlers } from './socket-handler.js';

export interface VisitorContext {
  services: Services;
  socket: VisitorSocket;
}

const on = handler<VisitorContext>();

/** The visitor namespace's calls: every event of VisitorClientToServerEvents, each the same command as its REST twin. */
export const visitorSocketHandlers: SocketHandlers<VisitorClientToServerEvents, VisitorContext> = {
  'message.send': on({ twin: 'sendVisitorMessage' }, ZSocketVisitorSendMessage, ({ services, socket }, p) =>
    visitorSendMessage(services, socket.data.principal, p.conversationId, p).then((s) => s.message),
  ),

  'conversation.read': on({ twin: 'markVisitorRead' }, ZSocketRead, ({ services, socket }, p) =>
    markVisitorRead(services, socket.data.principal, p.conversationId, p.seq),
  ),

  'typing.update': on('signal', ZSocketTyping.omit({ isNote: true }), async ({ services, socket }, p) => {
    const { visitorId, organizationId } = socket.data.principal;
    const conv = await findVisitorConversation(services.db, organizationId, visitorId, p.conversationId);
    services.bus.signal({
      kind: 'agents',
      organizationId,
      event: 'typing.updated',
      payload: {
        conversationId: conv.id,
        actor: { type: 'visitor', id: visitorId, name: null },
        isTyping: p.isTyping,
        isNote: false,
      },
    });
    return null;
  }),
};
