import { LIMITS, type TMessage, type TUpdateConversationRequest } from '@oceras/protocol';
import { applyRead } from '@oceras/protocol/inbox';
import { acceptsReplies } from '@oceras/protocol/labels';
import { NOTICE_KINDS_QUERY, ratingText } from '@oceras/protocol/notices';
import { newClientId } from '@oceras/protocol/realtime';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { fill, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { withFreshAttachments } from '../../lib/attachments-cache';
import { errorMessage } from '../../lib/errors';
import { listFormat } from '../../lib/format';
import { useLiveSync } from '../../lib/live-sync-provider';
import { canChange } from '../../lib/policy';
import { keys, loadedLists, queries, THREAD_PAGE_SIZE, useAgents, useMe, useTeams } from '../../lib/queries';
import type { Realtime } from '../../lib/realtime';
import { useShortcuts } from '../../lib/shortcuts';
import { useStore } from '../../lib/store';
import { ChannelBadge } from '../inbox/channel-badge';
import { ConversationActions } from './actions';
import { Composer, type ComposerHandle } from './composer';
import { DropZone, useFileDrop } from './file-drop';
import { SendTranscript } from './send-transcript';
import { mentionable, Thread } from './thread';
import { VisitorPanel, VisitorTitle } from './visitor-panel';

// The custom fields' form loads with the panel, after the inbox's first screen.
const ConversationFields = lazy(() =>
  import('../custom-fields/conversation-fields').then((m) => ({ default: m.ConversationFields })),
);

const onVisibility = (fn: () => void) => {
  document.addEventListener('visibilitychange', fn);
  return () => document.removeEventListener('visibilitychange', fn);
};
const useIsVisible = () => useSyncExternalStore(onVisibility, () => !document.hidden);

export function ConversationView({ id }: { id: string }) {
  const qc = useQueryClient();
  const live = useLiveSync();
  const { realtime } = live;
  const { agent: me, organization } = useMe().data!;
  const meId = me.id;
  const agents = useAgents().data?.agents;
  const teams = useTeams().data?.teams;
  const conv = useQuery(queries.conversation(id));
  const messages = useQuery(queries.messages(id));
  const composer = useRef<ComposerHandle>(null);
  const conn = useStore(realtime.connection);
  const [isPanelOpen, setPanelOpen] = useState(false);
  const isWritable = conv.data ? canChange(me.role, meId, conv.data) : false;
  const drop = useFileDrop((files) => composer.current?.addFiles(files));
  const lastUrlRefresh = useRef(0);
  /** Counts URL refreshes: images load again after one, even when a URL came back the same (a passing failure). */
  const [urlGeneration, setUrlGeneration] = useState(0);
  const strings = useStrings();
  const t = strings.conversation;

  const update = useMutation({
    mutationFn: (body: TUpdateConversationRequest) => api.call('updateConversation', { params: { id }, body }),
    onSuccess: (c) => live.upsertConversation(c),
  });
  const change = (body: TUpdateConversationRequest) => update.mutate(body);

  // Tell colleagues we are here (again after a reconnect); stop when leaving.
  useEffect(() => {
    live.setViewing(id);
    if (conn.state === 'online') realtime.emitView(id);
    return () => {
      live.setViewing(null);
      realtime.emitView(null);
    };
  }, [id, conn.state, live, realtime]);

  // Read up to the newest message while it is on screen.
  const lastSeq = messages.data?.messages.at(-1)?.seq ?? 0;
  const lastReadSeq = conv.data?.lastReadSeq ?? 0;
  const isVisible = useIsVisible();
  useEffect(() => {
    if (lastSeq <= lastReadSeq || !isVisible) return;
    void api
      .call('markRead', { params: { id }, body: { seq: lastSeq } })
      .then(({ seq }) => {
        qc.setQueryData(keys.conversation(id), (c) => (c ? { ...c, lastReadSeq: seq, unreadCount: 0 } : c));
        for (const { key, state } of loadedLists(qc)) if (state) qc.setQueryData(key, applyRead(state, id, seq));
        void qc.invalidateQueries({ queryKey: keys.counts() });
      })
      .catch(() => {});
  }, [id, lastSeq, lastReadSeq, qc, isVisible]);

  // My unread mentions (and low ratings) in this conversation are read once it is open.
  const hasUnreadMention = useQuery(queries.mentions()).data?.mentions.some(
    (m) => m.conversationId === id && m.readAt === null,
  );
  useEffect(() => {
    if (!hasUnreadMention || !isVisible) return;
    void api
      .call('markMentionsRead', { body: { conversationId: id, kinds: NOTICE_KINDS_QUERY } })
      .then(() => qc.invalidateQueries({ queryKey: keys.mentions() }))
      .catch(() => {});
  }, [id, hasUnreadMention, isVisible, qc]);

  useShortcuts({
    r: () => composer.current?.focus('message'),
    n: () => composer.current?.focus('note'),
    e: () => isWritable && conv.data?.status !== 'resolved' && change({ status: 'resolved' }),
    a: () => isWritable && conv.data?.assigneeId !== meId && change({ assigneeId: meId }),
  });

  const loadEarlier = async () => {
    const first = messages.data?.messages[0]?.seq;
    if (!first) return;
    const page = await api.call('listMessages', { params: { id }, query: { before: first, limit: THREAD_PAGE_SIZE } });
    qc.setQueryData(keys.messages(id), (d) =>
      d ? { messages: [...page.messages.filter((m) => m.seq < first), ...d.messages], hasMore: page.hasMore } : d,
    );
  };

  // Signed file URLs expire: an image that fails to load fetches fresh URLs for the messages held (once a minute
  // at most, so a file that is really gone does not refetch forever).
  const refreshFileUrls = async () => {
    const held = messages.data?.messages;
    if (!held?.length || Date.now() - lastUrlRefresh.current < 60_000) return;
    lastUrlRefresh.current = Date.now();
    let after = held[0]!.seq - 1;
    const last = held.at(-1)!.seq;
    const fresh: TMessage[] = [];
    while (after < last) {
      const page = await api.call('listMessages', { params: { id }, query: { after, limit: LIMITS.pageSizeMax } });
      fresh.push(...page.messages);
      const next = page.messages.at(-1)?.seq;
      if (!page.hasMore || next === undefined) break;
      after = next;
    }
    qc.setQueryData(keys.messages(id), (d) => d && withFreshAttachments(d, fresh));
    setUrlGeneration((g) => g + 1);
  };

  if (conv.isError)
    return (
      <p className="empty" role="alert">
        {t.notFound}
      </p>
    );
  if (!conv.data)
    return (
      <p className="empty" aria-busy="true">
        {strings.common.loading}
      </p>
    );
  const c = conv.data;

  return (
    <div className={`conversation ${isPanelOpen ? 'panel-open' : ''}`}>
      <div className="conversation-main" {...drop.handlers}>
        {drop.isOver && <DropZone />}
        <header className="conv-header">
          <div className="conv-title">
            <VisitorTitle conv={c} />
            <ChannelBadge conv={c} />
            <span className="muted">#{c.number}</span>
            <span className={`pill status-${c.status}`}>{strings.desk.statuses[c.status]}</span>
            {c.rating && (
              <span className="pill rating-pill" title={c.rating.comment ?? undefined}>
                <span aria-hidden="true">
                  {organization.widgetSettings.satisfactionSurvey === 'faces' ? '☺ ' : '★ '}
                </span>
                {fill(t.ratedAs, {
                  rating: ratingText(
                    { score: c.rating.score, scale: organization.widgetSettings.satisfactionSurvey },
                    strings.rating,
                  ),
                })}
              </span>
            )}
            <button
              type="button"
              className="btn btn-small visitor-toggle"
              aria-expanded={isPanelOpen}
              onClick={() => setPanelOpen((o) => !o)}
            >
              {t.visitorDetails}
            </button>
          </div>
          {c.rating?.comment && (
            <p className="rating-comment">
              <span className="muted">{t.visitorComment}</span>
              {c.rating.comment}
            </p>
          )}
          <ConversationActions
            conv={c}
            meId={meId}
            role={me.role}
            agents={agents ?? []}
            teams={teams ?? []}
            onChange={change}
          />
          {isWritable && <SendTranscript conv={c} />}
          {update.isError && (
            <p className="error" role="alert">
              {errorMessage(update.error)}
            </p>
          )}
        </header>
        <Presence
          viewers={realtime.viewers}
          id={id}
          meId={meId}
          agentsById={new Map((agents ?? []).map((a) => [a.id, a.name]))}
        />
        {messages.data ? (
          <Thread
            messages={messages.data.messages}
            agents={agents}
            meId={meId}
            hasMore={messages.data.hasMore}
            onLoadEarlier={loadEarlier}
            urlGeneration={urlGeneration}
            onImageError={() => void refreshFileUrls().catch(() => {})}
          />
        ) : (
          <div className="thread" aria-busy="true" />
        )}
        <TypingLine typing={realtime.typing} id={id} meId={meId} />
        <Composer
          ref={composer}
          canReply={isWritable}
          notesOnlyReason={acceptsReplies(c) ? undefined : t.erasedNotesOnly}
          newClientId={() => newClientId('d-')}
          cannedContext={{ visitor: c.visitor, agent: me, organization }}
          mentionCandidates={mentionable(agents).filter((a) => a.id !== meId)}
          onTyping={(isTyping, isNote) => realtime.emitTyping(id, isTyping, isNote)}
          onSend={async (body, type, clientId, attachmentIds) => {
            const msg = await api.call('sendMessage', {
              params: { id },
              body: { clientId, body, type, attachmentIds },
            });
            live.addMessage(msg);
          }}
        />
      </div>
      <VisitorPanel visitorId={c.visitor.id} currentId={c.id} onClose={() => setPanelOpen(false)}>
        <Suspense fallback={null}>
          <ConversationFields conv={c} isEditable={isWritable} />
        </Suspense>
      </VisitorPanel>
    </div>
  );
}

function Presence({
  viewers,
  id,
  meId,
  agentsById,
}: {
  viewers: Realtime['viewers'];
  id: string;
  meId: string;
  agentsById: Map<string, string>;
}) {
  const v = useStore(viewers)[id] ?? [];
  const strings = useStrings();
  const others = [...new Set(v)].filter((a) => a !== meId).map((a) => agentsById.get(a) ?? strings.desk.aColleague);
  if (others.length === 0) return null;
  return (
    <p className="viewers" role="status">
      {fill(strings.conversation.alsoViewing, { names: listFormat(others) })}
    </p>
  );
}

function TypingLine({ typing, id, meId }: { typing: Realtime['typing']; id: string; meId: string }) {
  const here = useStore(typing)[id] ?? {};
  const strings = useStrings();
  const t = strings.conversation;
  const lines = Object.entries(here)
    .filter(([who]) => who !== meId)
    .map(([, p]) =>
      p.actor.type === 'visitor'
        ? t.visitorTyping
        : fill(p.isNote ? t.typingNote : t.typing, { name: p.actor.name ?? strings.desk.aColleague }),
    );
  return (
    <p className="typing" role="status" aria-live="polite">
      {lines.join(' ')}
    </p>
  );
}
