import type { SomeHandlers } from '../../plugins/routes.js';
import { parseFieldFilters } from '../custom-fields/field-filters.js';
import { searchConversations } from './search-conversations.js';

export const searchHandlers = {
  searchConversations: async ({ services, principal, query }) =>
    searchConversations(services, principal.organizationId, principal.agentId, {
      ...query,
      fields: await parseFieldFilters(services.db, principal.organizationId, query),
    }),
} satisfies SomeHandlers;
