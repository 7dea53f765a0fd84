import { useQuery } from '@tanstack/react-query';
import { api } from './api';

/** Queries that several features read, kept out of the page files (a hook in a page file makes import cycles). */
export const useMe = () => useQuery({ queryKey: ['me'], queryFn: () => api.call('getMe'), staleTime: Infinity });

export const useAgents = () => useQuery({ queryKey: ['agents'], queryFn: () => api.call('listAgents') });

/** The inbox counts (Mine, Unassigned, All, per status): the nav's numbers and the landing's choice. */
export const countsQuery = { queryKey: ['counts'], queryFn: () => api.call('countConversations') } as const;
