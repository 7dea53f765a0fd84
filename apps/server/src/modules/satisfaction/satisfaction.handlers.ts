import type { SomeHandlers } from '../../plugins/routes.js';
import { rateConversation } from './rate-conversation.js';

export const satisfactionHandlers = {
  rateConversation: ({ services, principal, params, body }) => rateConversation(services, principal, params.id, body),
} satisfies SomeHandlers;
