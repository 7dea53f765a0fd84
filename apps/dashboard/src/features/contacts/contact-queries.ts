import type { TContactFilter } from '@oceras/protocol';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api';

/** One page of the contacts list (keyset: the next page starts after the last row held). */
export const CONTACTS_PAGE_SIZE = 50;

/**
 * The contacts list (search and filter, a keyset page at a time) and a contact's notes. A contact itself is
 * `queries.visitor(id)` (lib/queries.ts), shared with the conversation view's visitor panel.
 */
export const contactQueries = {
  list: (q: string, filter: TContactFilter) =>
    infiniteQueryOptions({
      queryKey: ['contacts', q, filter] as const,
      queryFn: ({ pageParam, signal }) =>
        api.call('listVisitors', {
          query: {
            filter,
            limit: CONTACTS_PAGE_SIZE,
            ...(q ? { q } : {}),
            ...(pageParam ? { cursor: pageParam } : {}),
          },
          signal,
        }),
      initialPageParam: null as string | null,
      getNextPageParam: (page) => page.nextCursor,
    }),
  notes: (visitorId: string) =>
    queryOptions({
      queryKey: ['visitor-notes', visitorId] as const,
      queryFn: () => api.call('listVisitorNotes', { params: { id: visitorId } }),
    }),
};

/** The prefix of every contacts list's key (a merge or an import changes them all). */
export const contactListsKey = ['contacts'] as const;
