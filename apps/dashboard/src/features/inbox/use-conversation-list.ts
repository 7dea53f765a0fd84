import type { ListFilter } from '@oceras/protocol/inbox';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import { api } from '../../lib/api';
import { keys, listRequest, queries } from '../../lib/queries';

/** One inbox list (`queries.list`), and `loadMore`: the next keyset page appended to the same cache entry. */
export function useConversationList(filter: ListFilter) {
  const qc = useQueryClient();
  const query = useQuery({ ...queries.list(filter), placeholderData: (prev) => prev });
  const isLoadingMore = useRef(false);
  const keyJson = JSON.stringify(filter);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyJson stands for the filter
  const loadMore = useCallback(async () => {
    const key = keys.list(filter);
    const held = qc.getQueryData(key);
    if (!held?.nextCursor || isLoadingMore.current) return;
    isLoadingMore.current = true;
    try {
      const page = await api.call('listConversations', { query: listRequest(filter, held.nextCursor) });
      qc.setQueryData(key, (s) => {
        if (!s) return s;
        const seen = new Set(s.items.map((c) => c.id));
        return {
          items: [...s.items, ...page.conversations.filter((c) => !seen.has(c.id))],
          nextCursor: page.nextCursor,
        };
      });
    } finally {
      isLoadingMore.current = false;
    }
  }, [qc, keyJson]);
  return { ...query, loadMore };
}
