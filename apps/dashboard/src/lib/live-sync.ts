import type { TAgent, TConversation, TConversationBase, TMeResponse, TMessage, TOrganization } from '@oceras/protocol';
import { applyConversation, applyMessage, applyRead, type ListFilter, type ListState } from '@oceras/protocol/inbox';
import { notifyManager, type QueryClient } from '@tanstack/react-query';
import { api } from './api';
import { notifyMessage } from './notifications';
import { type AgentSocket, acceptSeq, connectRealtime } from './realtime';

export interface MessagesData {
  messages: TMessage[];
  hasMore: boolean;
}

/** The latest copy of every conversation seen in an event: who to notify for a message of a list not loaded. */
const known = new Map<string, TConversationBase>();

/** Which conversation the agent has open (unread counts do not grow there). */
let viewing: string | null = null;
export const setViewing = (id: string | null) => {
  viewing = id;
};

const lists = (qc: QueryClient) => qc.getQueriesData<ListState>({ queryKey: ['list'] });
const filterOf = (key: readonly unknown[]) => key[1] as ListFilter;

/** Upserts a conversation into every loaded list and the detail cache, by version (R10). */
export function upsertConversation(qc: QueryClient, meId: string, conv: TConversationBase | TConversation) {
  const held = known.get(conv.id);
  if (!held || held.version < conv.version) known.set(conv.id, conv);
  for (const [key, state] of lists(qc)) {
    if (state) qc.setQueryData(key, applyConversation(state, conv, filterOf(key), meId));
  }
  qc.setQueryData<TConversation>(['conversation', conv.id], (held) =>
    !held ? ('unreadCount' in conv ? conv : held) : held.version >= conv.version ? held : { ...held, ...conv },
  );
}

/** Adds a message to the open thread's cache, once (by id), replacing nothing. */
export function addMessage(qc: QueryClient, msg: TMessage) {
  qc.setQueryData<MessagesData>(['messages', msg.conversationId], (d) => {
    if (!d || d.messages.some((m) => m.id === msg.id)) return d;
    const messages = [...d.messages, msg].sort((a, b) => a.seq - b.seq);
    return { ...d, messages };
  });
}

let countsTimer: ReturnType<typeof setTimeout> | null = null;
const refreshCounts = (qc: QueryClient) => {
  if (countsTimer !== null) return;
  countsTimer = setTimeout(() => {
    countsTimer = null;
    void qc.invalidateQueries({ queryKey: ['counts'] });
  }, 300);
};

/**
 * Socket events are applied in batches, once per frame (every 100 ms in a hidden tab, where frames stop): a burst of
 * a hundred events costs one render, not a hundred. Order is kept; seq checks happen on arrival.
 */
let queue: (() => void)[] = [];
let isFlushScheduled = false;
function flush() {
  isFlushScheduled = false;
  const batch = queue;
  queue = [];
  notifyManager.batch(() => {
    for (const apply of batch) apply();
  });
}
function enqueue(apply: () => void) {
  queue.push(apply);
  if (isFlushScheduled) return;
  isFlushScheduled = true;
  if (typeof document !== 'undefined' && !document.hidden && typeof requestAnimationFrame === 'function')
    requestAnimationFrame(flush);
  else setTimeout(flush, 100);
}

/** Connects the socket and feeds its events into the query cache. */
export function startLiveSync(qc: QueryClient, meId: string) {
  const bind = (s: AgentSocket) => {
    // Numbered events: the seq is checked on arrival (session.ready may follow before the flush), applied batched.
    const numbered =
      <T extends { seq: number }>(fn: (e: T) => void) =>
      (e: T) => {
        if (acceptSeq(e.seq)) enqueue(() => fn(e));
      };
    s.on(
      'conversation.created',
      numbered((e) => {
        upsertConversation(qc, meId, e.data);
        refreshCounts(qc);
        // No notification here: its first message follows and says more.
      }),
    );
    s.on(
      'conversation.updated',
      numbered((e) => {
        upsertConversation(qc, meId, e.data.conversation);
        refreshCounts(qc);
        if (e.data.changes.some((c) => c === 'status' || c === 'assigneeId'))
          void qc.invalidateQueries({ queryKey: ['visitor', e.data.conversation.visitor.id] });
      }),
    );
    s.on(
      'message.created',
      numbered((e) => {
        const msg = e.data;
        addMessage(qc, msg);
        let isMissing = false;
        for (const [key, state] of lists(qc)) {
          if (!state) continue;
          const r = applyMessage(state, msg, e.seq, meId, viewing === msg.conversationId);
          isMissing ||= r.isMissing;
          qc.setQueryData(key, r.state);
        }
        qc.setQueryData<TConversation>(['conversation', msg.conversationId], (c) =>
          c && c.lastMessageSeq < msg.seq
            ? {
                ...c,
                lastMessageSeq: msg.seq,
                lastActivityAt: msg.createdAt,
                version: Math.max(c.version, e.seq),
                lastMessagePreview: msg.type === 'system' ? c.lastMessagePreview : msg.body,
              }
            : c,
        );
        const isVisitor = msg.author.type === 'visitor';
        if (isVisitor) refreshCounts(qc);
        const conv =
          qc.getQueryData<TConversation>(['conversation', msg.conversationId]) ?? known.get(msg.conversationId);
        if (isVisitor && conv) notifyMessage(qc, meId, conv, msg);
        if (isMissing || !conv) {
          // It moved to the top of lists that had not loaded it: fetch it once and place it.
          void api
            .call('getConversation', { params: { id: msg.conversationId } })
            .then((c) => {
              upsertConversation(qc, meId, c);
              if (isVisitor && !conv) notifyMessage(qc, meId, c, msg);
            })
            .catch(() => {});
        }
      }),
    );
    s.on('conversation.read', (p) =>
      enqueue(() => {
        for (const [key, state] of lists(qc))
          if (state) qc.setQueryData(key, applyRead(state, p.conversationId, p.seq));
        qc.setQueryData<TConversation>(['conversation', p.conversationId], (c) =>
          c && c.lastReadSeq < p.seq ? { ...c, lastReadSeq: p.seq, unreadCount: 0 } : c,
        );
        refreshCounts(qc);
      }),
    );
    s.on(
      'agent.updated',
      numbered((e) => {
        qc.setQueryData<{ agents: TAgent[] }>(['agents'], (d) => {
          if (!d) return d;
          const has = d.agents.some((a) => a.id === e.data.id);
          return { agents: has ? d.agents.map((a) => (a.id === e.data.id ? e.data : a)) : [...d.agents, e.data] };
        });
        if (e.data.id === meId) qc.setQueryData<TMeResponse>(['me'], (m) => (m ? { ...m, agent: e.data } : m));
      }),
    );
    s.on(
      'agent.removed',
      numbered((e) => {
        qc.setQueryData<{ agents: TAgent[] }>(['agents'], (d) =>
          d ? { agents: d.agents.filter((a) => a.id !== e.data.agentId) } : d,
        );
      }),
    );
    s.on(
      'organization.updated',
      numbered((e) => {
        qc.setQueryData<TOrganization>(['organization'], e.data);
        qc.setQueryData<TMeResponse>(['me'], (m) => (m ? { ...m, organization: e.data } : m));
      }),
    );
  };
  return connectRealtime({
    bind,
    onResync: () => {
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    },
  });
}
