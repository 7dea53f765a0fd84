import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api';

/**
 * The caller's canned responses (own and shared), for the composer's picker and the settings page. Stale at once:
 * the picker refetches each time it opens (and on window focus), so a shared response changed by a manager reaches
 * everyone the next time they type `/`, with no socket event (docs/ARCHITECTURE.md, "Canned responses").
 */
export const cannedQueries = {
  list: () =>
    queryOptions({
      queryKey: ['canned-responses'] as const,
      queryFn: () => api.call('listCannedResponses', { query: {} }),
      staleTime: 0,
    }),
};
