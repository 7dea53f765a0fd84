import type { SomeHandlers } from '../../plugins/routes.js';
import { searchConversations } from './search-conversations.js';

export const searchHandlers = {
  searchConversations: ({ services, principal, query }) =>
    searchConversations(services, principal.organizationId, principal.agentId, query),
} satisfies SomeHandlers;
