import type { TListConversationsQuery } from '@oceras/protocol';
import type { ListFilter, ListState } from '@oceras/protocol/inbox';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import { api } from '../../lib/api';

export const PAGE_SIZE = 50;

const toQuery = (f: ListFilter, cursor?: string): TListConversationsQuery => ({
  view: f.view,
  limit: PAGE_SIZE,
  ...(f.status ? { status: f.status } : {}),
  ...(f.tag ? { tag: f.tag } : {}),
  ...(f.assigneeId ? { assigneeId: f.assigneeId } : {}),
  ...(f.priority ? { priority: f.priority } : {}),
  ...(f.q?.trim() ? { q: f.q.trim() } : {}),
  ...(cursor ? { cursor } : {}),
});

/**
 * One inbox list in the query cache under ['list', filter], as a flat ListState: the socket's events patch it in
 * place (live-sync.ts), and scrolling appends the next keyset page.
 */
export const listQuery = (filter: ListFilter) => ({
  queryKey: ['list', filter] as const,
  queryFn: async (): Promise<ListState> => {
    const page = await api.call('listConversations', { query: toQuery(filter) });
    return { items: page.conversations, nextCursor: page.nextCursor };
  },
  staleTime: Number.POSITIVE_INFINITY,
  // Events replace rows one by one; a deep compare of thousands of rows per event is wasted work.
  structuralSharing: false,
});

export function useConversationList(filter: ListFilter) {
  const qc = useQueryClient();
  const key = ['list', filter] as const;
  const query = useQuery({ ...listQuery(filter), placeholderData: (prev) => prev });
  const isLoadingMore = useRef(false);
  const keyJson = JSON.stringify(filter);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyJson stands for the filter
  const loadMore = useCallback(async () => {
    const held = qc.getQueryData<ListState>(key);
    if (!held?.nextCursor || isLoadingMore.current) return;
    isLoadingMore.current = true;
    try {
      const page = await api.call('listConversations', { query: toQuery(filter, held.nextCursor) });
      qc.setQueryData<ListState>(key, (s) => {
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
