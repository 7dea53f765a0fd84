import type { TAgent, TMention, TSavedView, TSavedViewFilters, TSavedViewScope, TTeam } from '@oceras/protocol';
import { ApiError, type OcerasClient } from '@oceras/protocol/client';
import type { ListFilter } from '@oceras/protocol/inbox';
import { knownNotices, NOTICE_KINDS_QUERY } from '@oceras/protocol/notices';
import { createStore } from './store';

export interface DirectoryData {
  /** The agent's saved views, shared and personal (listSavedViews), and their counts (countSavedViews, capped). */
  savedViews: TSavedView[] | null;
  savedViewCounts: Record<string, number>;
  /**
   * Where colleagues mentioned the agent, and the low ratings they are told of, newest first, and how many are
   * unread (listMentions).
   */
  mentions: TMention[] | null;
  unreadMentions: number;
  teams: TTeam[] | null;
  agents: TAgent[] | null;
}

const empty = (): DirectoryData => ({
  savedViews: null,
  savedViewCounts: {},
  mentions: null,
  unreadMentions: 0,
  teams: null,
  agents: null,
});

/**
 * What the inbox's filters, saved views, mentions and the conversation's pickers list: the organization's teams
 * and agents, the agent's saved views with their counts, and their mentions. Fetched over REST when the inbox
 * connects (InboxSync calls `refresh`) and kept current by it: counts follow conversation events, a mention
 * arrives with `mention.created`. Failures leave what was there: these are secondary to the lists.
 */
export class Directory {
  readonly data = createStore<DirectoryData>(empty());

  constructor(private client: () => OcerasClient) {}

  async refresh() {
    const results = await Promise.allSettled([this.loadSavedViews(), this.loadMentions(), this.loadTeamsAndAgents()]);
    for (const r of results) if (r.status === 'rejected') throw r.reason;
  }

  async loadSavedViews() {
    const { savedViews } = await this.client().call('listSavedViews');
    this.data.set((d) => ({ ...d, savedViews }));
    await this.refreshCounts();
  }

  /**
   * Saves the inbox's filters as a view (the server decides who may share one); the views and their counts are
   * loaded again at once, as the agent's other devices do on the `list.changed` that follows.
   */
  async createSavedView(name: string, scope: TSavedViewScope, filter: ListFilter) {
    const { fields: _fields, ...filters } = filter;
    const view = await this.client().call('createSavedView', { body: { name, scope, filters } });
    await this.loadSavedViews().catch(() => {});
    return view;
  }

  async renameSavedView(id: string, name: string) {
    const view = await this.client().call('updateSavedView', { params: { id }, body: { name } });
    this.data.set((d) => ({ ...d, savedViews: d.savedViews?.map((v) => (v.id === id ? view : v)) ?? null }));
    return view;
  }

  /** Replaces a view's filters (the server checks its custom field filters); its count is asked again. */
  async updateSavedViewFilters(id: string, filters: TSavedViewFilters) {
    const view = await this.client().call('updateSavedView', { params: { id }, body: { filters } });
    this.data.set((d) => ({ ...d, savedViews: d.savedViews?.map((v) => (v.id === id ? view : v)) ?? null }));
    void this.refreshCounts().catch(() => {});
    return view;
  }

  async deleteSavedView(id: string) {
    await this.client().call('deleteSavedView', { params: { id } });
    this.data.set((d) => ({ ...d, savedViews: d.savedViews?.filter((v) => v.id !== id) ?? null }));
  }

  /** The saved views' counts, as the server counts them (up to SAVED_VIEW_LIMITS.countCap each). */
  async refreshCounts() {
    if (!this.data.get().savedViews?.length) return;
    const { counts } = await this.client().call('countSavedViews');
    this.data.set((d) => ({ ...d, savedViewCounts: Object.fromEntries(counts.map((c) => [c.id, c.count])) }));
  }

  /**
   * Whether the server lists low ratings beside mentions (`kinds`): a server older than them refuses the parameter
   * (400), and is asked again, and from then on, without it (mentions only).
   */
  private hasNoticeKinds = true;

  async loadMentions() {
    const page = await this.listNotices();
    this.data.set((d) => ({ ...d, mentions: knownNotices(page.mentions), unreadMentions: page.unreadCount }));
  }

  private async listNotices() {
    if (this.hasNoticeKinds) {
      try {
        return await this.client().call('listMentions', { query: { limit: 50, kinds: NOTICE_KINDS_QUERY } });
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 400)) throw err;
        this.hasNoticeKinds = false;
      }
    }
    return this.client().call('listMentions', { query: { limit: 50 } });
  }

  /** The organization's teams and agents, each on its own: one failing leaves the other. */
  async loadTeamsAndAgents() {
    const [teams, agents] = await Promise.allSettled([
      this.client()
        .call('listTeams')
        .then((r) => this.data.set((d) => ({ ...d, teams: r.teams }))),
      this.client()
        .call('listAgents')
        .then((r) => this.data.set((d) => ({ ...d, agents: r.agents }))),
    ]);
    for (const r of [teams, agents]) if (r.status === 'rejected') throw r.reason;
  }

  /** mention.created: a colleague just mentioned the agent. */
  addMention(mention: TMention) {
    this.data.set((d) =>
      d.mentions?.some((m) => m.id === mention.id)
        ? d
        : {
            ...d,
            mentions: [mention, ...(d.mentions ?? [])],
            unreadMentions: d.unreadMentions + (mention.readAt ? 0 : 1),
          },
    );
  }

  /**
   * Marks read the mentions (and low ratings) in one conversation (it was opened) or all of them; asks only when
   * some are unread.
   */
  async markMentionsRead(conversationId?: string) {
    const unread = (this.data.get().mentions ?? []).filter(
      (m) => !m.readAt && (!conversationId || m.conversationId === conversationId),
    );
    if (unread.length === 0 && (conversationId || this.data.get().unreadMentions === 0)) return;
    const { unreadCount } = await this.client().call('markMentionsRead', {
      body: {
        ...(conversationId ? { conversationId } : {}),
        ...(this.hasNoticeKinds ? { kinds: NOTICE_KINDS_QUERY } : {}),
      },
    });
    const at = new Date().toISOString();
    this.data.set((d) => ({
      ...d,
      unreadMentions: unreadCount,
      mentions: (d.mentions ?? []).map((m) =>
        !m.readAt && (!conversationId || m.conversationId === conversationId) ? { ...m, readAt: at } : m,
      ),
    }));
  }

  clear() {
    this.data.set(empty());
  }
}
