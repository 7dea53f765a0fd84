import type { RouteQuery, TMessage, TReportQuery, TReportSummaryQuery } from '@oceras/protocol';
import type { ListFilter, ListState } from '@oceras/protocol/inbox';
import { NOTICE_KINDS_QUERY } from '@oceras/protocol/notices';
import { infiniteQueryOptions, type QueryClient, type QueryKey, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './api';

/** One page of an inbox list (keyset: the next page starts after the last row held). */
export const PAGE_SIZE = 50;
/** One page of a thread: the newest messages, then older ones on "Load earlier messages". */
export const THREAD_PAGE_SIZE = 50;
/** One page of the audit log. */
export const AUDIT_PAGE_SIZE = 50;

/** An open thread: the messages held, oldest first, and whether older ones exist. */
export interface MessagesData {
  messages: TMessage[];
  hasMore: boolean;
}

export const listRequest = (f: ListFilter, cursor?: string): RouteQuery<'listConversations'> => ({
  view: f.view,
  limit: PAGE_SIZE,
  ...(f.status ? { status: f.status } : {}),
  ...(f.tag ? { tag: f.tag } : {}),
  ...(f.assigneeId ? { assigneeId: f.assigneeId } : {}),
  ...(f.teamId ? { teamId: f.teamId } : {}),
  ...(f.priority ? { priority: f.priority } : {}),
  ...(f.q?.trim() ? { q: f.q.trim() } : {}),
  // Custom field filters as `field.<key>` parameters (a multiple choice filters by one option).
  ...Object.fromEntries(
    Object.entries(f.fields ?? {}).map(([key, v]) => [`field.${key}`, String(Array.isArray(v) ? v[0] : v)]),
  ),
  ...(cursor ? { cursor } : {}),
});

/**
 * Every query of the dashboard, declared once: its key and how it is fetched. Pages read them with
 * `useQuery(queries.x())`; nothing else writes a key (a hook in a page file made import cycles, a key typed twice
 * could differ).
 */
export const queries = {
  me: () => queryOptions({ queryKey: ['me'] as const, queryFn: () => api.call('getMe'), staleTime: Infinity }),
  agents: () => queryOptions({ queryKey: ['agents'] as const, queryFn: () => api.call('listAgents') }),
  /** The organization's teams: the inbox's team filter, the conversation's team select and Settings → Teams. */
  teams: () => queryOptions({ queryKey: ['teams'] as const, queryFn: () => api.call('listTeams') }),
  /**
   * The organization's custom field definitions (both entities): the conversation panel's and the contact page's
   * forms, and Settings → Custom fields. Refetched on focus: no live event for definition changes.
   */
  customFields: () =>
    queryOptions({ queryKey: ['custom-fields'] as const, queryFn: () => api.call('listCustomFields', {}) }),
  /** The inbox counts (Mine, Unassigned, All, per status): the nav's numbers and the landing's choice. */
  counts: () => queryOptions({ queryKey: ['counts'] as const, queryFn: () => api.call('countConversations') }),
  organization: () => queryOptions({ queryKey: ['organization'] as const, queryFn: () => api.call('getOrganization') }),
  /** The agent's own saved views and the organization's shared ones (the nav's Views, their lists). */
  savedViews: () => queryOptions({ queryKey: ['saved-views'] as const, queryFn: () => api.call('listSavedViews') }),
  /**
   * Each saved view's count, under the counts' key: the refetch of the counts after conversation events (debounced,
   * live-sync.ts) refetches these too, one cheap statement.
   */
  savedViewCounts: () =>
    queryOptions({ queryKey: ['counts', 'saved-views'] as const, queryFn: () => api.call('countSavedViews') }),
  /**
   * The caller's canned responses (own and shared), for the composer's picker and the settings page. Stale at once:
   * the picker refetches each time it opens; `list.changed` refetches it when a colleague changes a shared one.
   */
  cannedResponses: () =>
    queryOptions({
      queryKey: ['canned-responses'] as const,
      queryFn: () => api.call('listCannedResponses', { query: {} }),
      staleTime: 0,
    }),
  /** The reports of one range (Reports page): the summary, per agent, per tag and the heatmap. */
  reportSummary: (q: TReportSummaryQuery) =>
    queryOptions({
      queryKey: ['report', 'summary', q] as const,
      queryFn: () => api.call('reportSummary', { query: q }),
    }),
  reportAgents: (q: TReportQuery) =>
    queryOptions({ queryKey: ['report', 'agents', q] as const, queryFn: () => api.call('reportAgents', { query: q }) }),
  reportTeams: (q: TReportQuery) =>
    queryOptions({ queryKey: ['report', 'teams', q] as const, queryFn: () => api.call('reportTeams', { query: q }) }),
  reportTags: (q: TReportQuery) =>
    queryOptions({ queryKey: ['report', 'tags', q] as const, queryFn: () => api.call('reportTags', { query: q }) }),
  reportHeatmap: (q: TReportQuery) =>
    queryOptions({
      queryKey: ['report', 'heatmap', q] as const,
      queryFn: () => api.call('reportHeatmap', { query: q }),
    }),
  /**
   * One inbox list as a flat ListState: the socket's events patch it in place (live-sync.ts), and scrolling appends
   * the next keyset page (use-conversation-list.ts).
   */
  list: (filter: ListFilter) =>
    queryOptions({
      queryKey: ['list', filter] as const,
      queryFn: async (): Promise<ListState> => {
        const page = await api.call('listConversations', { query: listRequest(filter) });
        return { items: page.conversations, nextCursor: page.nextCursor };
      },
      staleTime: Number.POSITIVE_INFINITY,
      // Events replace rows one by one; a deep compare of thousands of rows per event is wasted work.
      structuralSharing: false,
    }),
  conversation: (id: string) =>
    queryOptions({
      queryKey: ['conversation', id] as const,
      queryFn: () => api.call('getConversation', { params: { id } }),
    }),
  /** Kept current by events and by "Load earlier": never refetched behind the reader's back. */
  messages: (conversationId: string) =>
    queryOptions({
      queryKey: ['messages', conversationId] as const,
      queryFn: (): Promise<MessagesData> =>
        api.call('listMessages', { params: { id: conversationId }, query: { limit: THREAD_PAGE_SIZE } }),
      staleTime: Infinity,
    }),
  visitor: (id: string) =>
    queryOptions({ queryKey: ['visitor', id] as const, queryFn: () => api.call('getVisitor', { params: { id } }) }),
  sessions: () => queryOptions({ queryKey: ['sessions'] as const, queryFn: () => api.call('listSessions') }),
  invitations: () => queryOptions({ queryKey: ['invitations'] as const, queryFn: () => api.call('listInvitations') }),
  /** Where colleagues mentioned me, newest first, with the unread count (the nav's Mentions). */
  mentions: () =>
    queryOptions({
      queryKey: ['mentions'] as const,
      // Every kind this dashboard knows: mentions and low ratings (it is served by its own server, so `kinds` is
      // always understood).
      queryFn: () => api.call('listMentions', { query: { kinds: NOTICE_KINDS_QUERY } }),
    }),
  notificationSettings: () =>
    queryOptions({
      queryKey: ['notification-settings'] as const,
      queryFn: () => api.call('getNotificationSettings'),
    }),
  /** The signed-in agent's own phones (Your account). */
  myDevices: () => queryOptions({ queryKey: ['my-devices'] as const, queryFn: () => api.call('listDevices') }),
  /** Every phone of the organization (Settings → Push). */
  pushDevices: () =>
    queryOptions({ queryKey: ['push-devices'] as const, queryFn: () => api.call('listOrganizationDevices') }),
  pushDeliveries: () =>
    queryOptions({ queryKey: ['push-deliveries'] as const, queryFn: () => api.call('listPushDeliveries') }),
  /** The audit log (Settings → Audit log), newest first, a keyset page at a time. */
  /** The organization's email inboxes (Settings → Email). */
  emailInboxes: () =>
    queryOptions({ queryKey: ['email-inboxes'] as const, queryFn: () => api.call('listEmailInboxes') }),
  /** The organization's outbound email log (Settings → Email), newest first. */
  emailDeliveries: () =>
    infiniteQueryOptions({
      queryKey: ['email-deliveries'] as const,
      queryFn: ({ pageParam }) =>
        api.call('listEmailDeliveries', {
          query: { limit: AUDIT_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        }),
      initialPageParam: null as string | null,
      getNextPageParam: (page) => page.nextCursor,
    }),
  auditLog: () =>
    infiniteQueryOptions({
      queryKey: ['audit-log'] as const,
      queryFn: ({ pageParam }) =>
        api.call('listAuditLog', { query: { limit: AUDIT_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } }),
      initialPageParam: null as string | null,
      getNextPageParam: (page) => page.nextCursor,
    }),
};

/** A query's key factory: the same arguments, its key. */
const keyOf =
  <A extends unknown[], K>(query: (...args: A) => { queryKey: K }) =>
  (...args: A) =>
    query(...args).queryKey;

/**
 * The keys, for cache writes and invalidation. Each carries its query's data type (TanStack's DataTag), so
 * `qc.setQueryData(keys.conversation(id), (c) => ...)` knows `c` is a TConversation.
 */
export const keys = {
  me: keyOf(queries.me),
  agents: keyOf(queries.agents),
  teams: keyOf(queries.teams),
  customFields: keyOf(queries.customFields),
  counts: keyOf(queries.counts),
  organization: keyOf(queries.organization),
  savedViews: keyOf(queries.savedViews),
  savedViewCounts: keyOf(queries.savedViewCounts),
  cannedResponses: keyOf(queries.cannedResponses),
  /** The prefix of every inbox list's key. */
  lists: () => ['list'] as const,
  list: keyOf(queries.list),
  conversation: keyOf(queries.conversation),
  messages: keyOf(queries.messages),
  visitor: keyOf(queries.visitor),
  sessions: keyOf(queries.sessions),
  invitations: keyOf(queries.invitations),
  notificationSettings: keyOf(queries.notificationSettings),
  mentions: keyOf(queries.mentions),
  myDevices: keyOf(queries.myDevices),
  pushDevices: keyOf(queries.pushDevices),
  pushDeliveries: keyOf(queries.pushDeliveries),
  auditLog: keyOf(queries.auditLog),
  emailDeliveries: keyOf(queries.emailDeliveries),
  emailInboxes: keyOf(queries.emailInboxes),
};

/** Every inbox list in the cache, with the filter it holds (the key's second part, see `queries.list`). */
export function loadedLists(qc: QueryClient) {
  return qc
    .getQueriesData<ListState>({ queryKey: keys.lists() })
    .map(([key, state]) => ({ key, filter: listFilterOf(key), state }));
}
const listFilterOf = (key: QueryKey) => key[1] as ListFilter;

export const useMe = () => useQuery(queries.me());
export const useAgents = () => useQuery(queries.agents());
export const useTeams = () => useQuery(queries.teams());
export const useSavedViews = () => useQuery(queries.savedViews());
