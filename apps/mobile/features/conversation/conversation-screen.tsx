import type { TConversation, TTeam } from '@oceras/protocol';
import { acceptsReplies } from '@oceras/protocol/labels';
import type { MentionCandidate } from '@oceras/protocol/mention-text';
import { ratingText } from '@oceras/protocol/notices';
import { canMoveTo } from '@oceras/protocol/status';
import { Stack, useRouter } from 'expo-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { FlatList, KeyboardAvoidingView, Platform, Pressable, StyleSheet, Text, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorMessage } from '@/lib/errors';
import { dateTime, visitorLabel } from '@/lib/format';
import { currentStrings, fill, useStrings } from '@/lib/i18n/i18n';
import { useStore } from '@/lib/store';
import { Button } from '../ui/button';
import { ConnectionBanner } from '../ui/connection-banner';
import { EmailBadge } from '../ui/email-badge';
import { colors, space } from '../ui/theme';
import { Composer } from './composer';
import { MessageBubble, PendingBubble } from './message-bubble';
import { snoozeUntil } from './snooze';

const NO_TEAMS: readonly TTeam[] = [];

export function ConversationScreen({ id }: { id: string }) {
  const app = useApp();
  const router = useRouter();
  const conversation = useStore(app.inbox.data, (d) => d.conversations[id]);
  const thread = useStore(app.inbox.data, (d) => d.threads[id]);
  const typing = useStore(app.inbox.data, (d) => d.typing[id]);
  const connection = useStore(app.inbox.data, (d) => d.connection);
  const outbox = useStore(app.outbox.items);
  // A reply the server has stored (its event may beat the send's answer) shows once, as the stored message.
  const pending = useMemo(
    () => outbox.filter((i) => i.conversationId === id && !thread?.messages.some((m) => m.clientId === i.clientId)),
    [outbox, id, thread],
  );
  const strings = useStrings();
  const t = strings.conversation;
  const meId = useStore(app.session.state, (s) => s.agent?.id ?? '');
  const me = useStore(app.session.state, (s) => s.agent);
  const organization = useStore(app.session.state, (s) => s.organization);
  const agents = useStore(app.inbox.directory.data, (d) => d.agents);
  const teams = useStore(app.inbox.directory.data, (d) => d.teams) ?? NO_TEAMS;
  const viewerIds = useStore(app.inbox.data, (d) => d.viewers[id]);
  // Whom notes may mention, for their highlight: the organization's agents who are not restricted.
  const mentionable = useMemo<MentionCandidate[]>(() => (agents ?? []).filter((a) => !a.isRestricted), [agents]);
  const mentionCandidates = useMemo(() => mentionable.filter((a) => a.id !== meId), [mentionable, meId]);
  // Fetched again on each visit: a colleague or team added since shows up.
  useEffect(() => {
    void app.inbox.directory.loadTeamsAndAgents().catch(() => {});
  }, [app]);
  const viewers = [...new Set(viewerIds ?? [])]
    .filter((a) => a !== meId)
    .map((a) => agents?.find((x) => x.id === a)?.name ?? t.colleague);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [isSnoozeOpen, setIsSnoozeOpen] = useState(false);
  const [isTeamOpen, setIsTeamOpen] = useState(false);
  const listRef = useRef<FlatList>(null);
  const bottom = useRef('');
  // Signed file URLs expire: one reload of the thread per visit brings fresh ones.
  const hasRefreshedUrls = useRef(false);
  const refreshUrls = () => {
    if (hasRefreshedUrls.current) return;
    hasRefreshedUrls.current = true;
    void app.inbox.loadThread(id).catch(() => {});
  };

  useEffect(() => {
    app.inbox.setViewing(id);
    void app.inbox.loadThread(id).catch(() => {
      if (!app.inbox.data.get().threads[id]) setError(currentStrings().conversation.loadFailed);
    });
    return () => app.inbox.setViewing(null);
  }, [app, id]);

  // Reconnected while open: the thread is reloaded by the sync; nothing to do here but keep the view registered.
  useEffect(() => {
    if (connection === 'online') app.inbox.setViewing(id);
  }, [app, connection, id]);

  const act = async (what: string, body: Parameters<typeof app.inbox.updateConversation>[1]) => {
    setBusy(what);
    setError(null);
    setIsSnoozeOpen(false);
    setIsTeamOpen(false);
    try {
      await app.inbox.updateConversation(id, body);
    } catch (err) {
      setError(errorMessage(err, currentStrings().common.tryAgainOnline));
    } finally {
      setBusy(null);
    }
  };

  const typists = Object.values(typing ?? {});
  const who = typists
    .map((x) =>
      x.actor.type === 'visitor'
        ? visitorLabel(conversation?.visitor ?? { id: '', name: null, email: null, isErased: false })
        : (x.actor.name ?? t.colleague),
    )
    .join(', ');
  const typingText = typists.length ? fill(typists.some((x) => x.isNote) ? t.writingNote : t.typing, { who }) : null;
  const title = conversation ? visitorLabel(conversation.visitor, conversation.number) : strings.titles.conversation;

  return (
    <KeyboardAvoidingView
      testID="conversation-screen"
      style={styles.screen}
      behavior={Platform.OS === 'ios' ? 'padding' : undefined}
      keyboardVerticalOffset={90}
    >
      <Stack.Screen
        options={{
          title,
          headerRight: () =>
            conversation ? (
              <Pressable
                role="button"
                accessibilityLabel={t.visitorDetails}
                onPress={() => router.push(`/visitor/${conversation.visitor.id}?conversation=${conversation.id}`)}
                style={styles.headerButton}
              >
                <Text style={styles.headerButtonText}>{t.details}</Text>
              </Pressable>
            ) : null,
        }}
      />
      <ConnectionBanner />
      {conversation && (
        <Actions
          conversation={conversation}
          meId={meId}
          busy={busy}
          isSnoozeOpen={isSnoozeOpen}
          onToggleSnooze={() => setIsSnoozeOpen((v) => !v)}
          teams={teams}
          isTeamOpen={isTeamOpen}
          onToggleTeam={() => setIsTeamOpen((v) => !v)}
          onTeam={(teamId) => act('team', { teamId })}
          onAssign={() => act('assign', { assigneeId: meId })}
          onResolve={() => act('resolve', { status: conversation.status === 'resolved' ? 'open' : 'resolved' })}
          onPending={() => act('pending', { status: conversation.status === 'pending' ? 'open' : 'pending' })}
          onSnooze={(c) => act('snooze', { status: 'snoozed', snoozedUntil: snoozeUntil(c) })}
        />
      )}
      {viewers.length > 0 && (
        <Text role="status" style={styles.viewers}>
          {fill(t.alsoViewing, { names: viewers.join(', ') })}
        </Text>
      )}
      {error && (
        <Text role="alert" style={styles.error}>
          {error}
        </Text>
      )}
      <FlatList
        ref={listRef}
        data={thread?.messages ?? []}
        keyExtractor={(m) => m.id}
        renderItem={({ item }) => (
          <MessageBubble message={item} meId={meId} onExpired={refreshUrls} mentionable={mentionable} />
        )}
        onContentSizeChange={() => {
          // Follow new messages and pending replies at the bottom; not when earlier messages are added on top.
          const last = `${thread?.messages.at(-1)?.id}:${pending.length}:${typingText ?? ''}`;
          if (last === bottom.current) return;
          bottom.current = last;
          listRef.current?.scrollToEnd({ animated: false });
        }}
        contentContainerStyle={styles.thread}
        ListEmptyComponent={<Text style={styles.muted}>{thread ? t.noMessages : strings.common.loading}</Text>}
        ListHeaderComponent={
          thread?.hasMore ? (
            <Button
              title={t.loadEarlier}
              variant="ghost"
              isBusy={busy === 'older'}
              onPress={() => {
                setBusy('older');
                void app.inbox
                  .loadOlder(id)
                  .catch(() => setError(t.loadEarlierFailed))
                  .finally(() => setBusy(null));
              }}
            />
          ) : null
        }
        ListFooterComponent={
          <View>
            {pending.map((item) => (
              <PendingBubble
                key={item.clientId}
                item={item}
                onRetry={() => void app.outbox.retry(item.clientId)}
                onDiscard={() => void app.outbox.discard(item.clientId)}
              />
            ))}
            {typingText && (
              <Text role="status" style={styles.typing}>
                {typingText}
              </Text>
            )}
          </View>
        }
      />
      <Composer
        notesOnlyReason={conversation && !acceptsReplies(conversation) ? t.erasedNotice : undefined}
        isEmail={conversation?.channel === 'email'}
        cannedContext={{ visitor: conversation?.visitor, agent: me, organization }}
        mentionCandidates={mentionCandidates}
        onSend={(body, type, files) => void app.inbox.reply(id, body, type, files)}
        onTyping={(isTyping, isNote) => app.inbox.sendTyping(id, isTyping, isNote)}
      />
    </KeyboardAvoidingView>
  );
}

function Actions({
  conversation: c,
  meId,
  busy,
  isSnoozeOpen,
  onToggleSnooze,
  onAssign,
  onResolve,
  onPending,
  onSnooze,
  teams,
  isTeamOpen,
  onToggleTeam,
  onTeam,
}: {
  teams: readonly TTeam[];
  isTeamOpen: boolean;
  onToggleTeam: () => void;
  /** Into one of the organization's teams, or out of any (null). */
  onTeam: (teamId: string | null) => void;
  conversation: TConversation;
  meId: string;
  busy: string | null;
  isSnoozeOpen: boolean;
  onToggleSnooze: () => void;
  onAssign: () => void;
  onResolve: () => void;
  /** Pending: the team waits on the visitor, whose next message reopens it; or back to open. */
  onPending: () => void;
  onSnooze: (choice: 'hour' | 'tomorrow' | 'week') => void;
}) {
  const strings = useStrings();
  const t = strings.conversation;
  const scale = useStore(useApp().session.state, (s) => s.organization?.widgetSettings?.satisfactionSurvey);
  const isMine = c.assigneeId === meId;
  const team = teams.find((t) => t.id === c.teamId);
  return (
    <View style={styles.actionsWrap}>
      <View style={styles.actions}>
        <Text style={styles.status} accessibilityLabel={fill(t.statusLabel, { status: strings.statuses[c.status] })}>
          #{c.number} · {strings.statuses[c.status]}
          {c.status === 'snoozed' && c.snoozedUntil ? fill(t.until, { date: dateTime(c.snoozedUntil) }) : ''}
          {isMine ? t.yours : c.assigneeId ? t.assigned : t.unassigned}
          {team ? ` · ${team.name}` : ''}
          {c.rating ? fill(t.ratedAs, { rating: ratingText({ score: c.rating.score, scale }, strings.rating) }) : ''}
        </Text>
        {c.channel === 'email' && (
          <View style={styles.emailRow}>
            <EmailBadge />
            <Text style={styles.emailText}>{t.byEmail}</Text>
          </View>
        )}
        {c.rating?.comment ? <Text style={styles.ratingComment}>“{c.rating.comment}”</Text> : null}
        <View style={styles.buttons}>
          {!isMine && <Button title={t.assignToMe} variant="secondary" onPress={onAssign} isBusy={busy === 'assign'} />}
          {c.status !== 'resolved' && (
            <Button title={t.snooze} variant="secondary" onPress={onToggleSnooze} isBusy={busy === 'snooze'} />
          )}
          {(c.status === 'pending' || canMoveTo(c.status, 'pending')) && (
            <Button
              title={c.status === 'pending' ? t.backToOpen : strings.statuses.pending}
              variant="secondary"
              onPress={onPending}
              isBusy={busy === 'pending'}
            />
          )}
          {teams.length > 0 && (
            <Button title={t.team} variant="secondary" onPress={onToggleTeam} isBusy={busy === 'team'} />
          )}
          <Button
            title={c.status === 'resolved' ? t.reopen : t.resolve}
            onPress={onResolve}
            isBusy={busy === 'resolve'}
          />
        </View>
      </View>
      {isTeamOpen && (
        <View style={styles.teams} role="radiogroup" accessibilityLabel={t.team}>
          {[{ id: null, name: t.noTeam } as const, ...teams].map((x) => (
            <Button
              key={x.id ?? 'none'}
              title={x.name}
              variant={(c.teamId ?? null) === x.id ? 'primary' : 'ghost'}
              accessibilityLabel={x.id ? fill(t.teamLabel, { name: x.name }) : t.noTeam}
              onPress={() => onTeam(x.id)}
            />
          ))}
        </View>
      )}
      {isSnoozeOpen && (
        <View style={styles.snooze} accessibilityLabel={t.snoozeUntil}>
          <Button
            title={strings.bulk.hour}
            variant="ghost"
            onPress={() => onSnooze('hour')}
            accessibilityLabel={t.snoozeHour}
          />
          <Button
            title={strings.bulk.tomorrow}
            variant="ghost"
            onPress={() => onSnooze('tomorrow')}
            accessibilityLabel={t.snoozeTomorrow}
          />
          <Button
            title={strings.bulk.week}
            variant="ghost"
            onPress={() => onSnooze('week')}
            accessibilityLabel={t.snoozeWeek}
          />
        </View>
      )}
    </View>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: colors.bg },
  headerButton: { paddingHorizontal: space.m, paddingVertical: 6 },
  headerButtonText: { color: colors.primary, fontSize: 15, fontWeight: '600' },
  actionsWrap: {
    backgroundColor: colors.card,
    borderBottomWidth: StyleSheet.hairlineWidth,
    borderBottomColor: colors.border,
  },
  actions: { paddingHorizontal: space.l, paddingVertical: space.s, gap: space.s },
  ratingComment: { fontStyle: 'italic', color: '#4b5565' },
  status: { fontSize: 13, color: colors.muted },
  buttons: { flexDirection: 'row', flexWrap: 'wrap', gap: space.s },
  snooze: { flexDirection: 'row', justifyContent: 'space-around', paddingBottom: space.s },
  teams: { flexDirection: 'row', flexWrap: 'wrap', gap: space.xs, paddingHorizontal: space.l, paddingBottom: space.s },
  emailRow: { flexDirection: 'row', alignItems: 'center', gap: space.s },
  emailText: { fontSize: 13, color: colors.muted },
  viewers: { fontSize: 13, color: colors.primary, paddingHorizontal: space.l, paddingTop: space.s },
  error: { color: colors.danger, paddingHorizontal: space.l, paddingTop: space.s },
  thread: { padding: space.l, flexGrow: 1 },
  muted: { color: colors.muted, textAlign: 'center', marginTop: space.xl },
  typing: { fontSize: 13, color: colors.muted, fontStyle: 'italic', marginTop: space.s },
});
