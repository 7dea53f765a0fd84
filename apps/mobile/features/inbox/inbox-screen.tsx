import { Stack, useRouter } from 'expo-router';
import { useCallback, useEffect, useRef, useState } from 'react';
import { FlatList, Platform, Pressable, RefreshControl, StyleSheet, Text, TextInput, View } from 'react-native';
import { useApp } from '@/lib/app';
import { INBOX_VIEWS, type InboxView, landingView } from '@/lib/inbox-sync';
import { registerAfterSignIn } from '@/lib/push';
import { useStore } from '@/lib/store';
import { useSearch } from '@/lib/use-search';
import { SearchResults } from '../search/search-results';
import { ConnectionBanner } from '../ui/connection-banner';
import { Segmented } from '../ui/segmented';
import { colors, space } from '../ui/theme';
import { ConversationRow } from './conversation-row';

const AVAILABILITY_COLORS = { online: colors.success, away: colors.warning, offline: '#9ca3af' } as const;

export function InboxScreen() {
  const app = useApp();
  const router = useRouter();
  const counts = useStore(app.inbox.data, (d) => d.counts);
  // The view with work in it, chosen once when the counts first arrive (cache or server); the agent's pick wins.
  const [picked, setPicked] = useState<InboxView | null>(null);
  const [landing, setLanding] = useState<InboxView | null>(null);
  useEffect(() => {
    if (counts && !landing) setLanding(landingView(counts));
  }, [counts, landing]);
  const view = picked ?? landing ?? 'mine';
  const list = useStore(app.inbox.data, (d) => d.lists[view]);
  const typing = useStore(app.inbox.data, (d) => d.typing);
  const isRefreshing = useStore(app.inbox.data, (d) => d.isRefreshing);
  const agent = useStore(app.session.state, (s) => s.agent);
  const hasAskedPush = useRef(false);
  const [searchText, setSearchText] = useState('');
  const search = useSearch(app.session, searchText);
  const isSearching = searchText.trim() !== '';

  // The sensible moment for the permission prompt: the inbox has loaded once after sign-in, not at first launch.
  useEffect(() => {
    if (!list || hasAskedPush.current) return;
    hasAskedPush.current = true;
    void registerAfterSignIn(app.session.client, app.cache);
  }, [list, app]);

  const handleRefresh = useCallback(() => {
    void app.inbox.refresh().catch(() => {});
  }, [app]);

  const emptyText =
    view === 'mine'
      ? 'Nothing assigned to you. Pick one from Unassigned.'
      : view === 'unassigned'
        ? 'Every conversation has an owner.'
        : 'No open conversations.';

  return (
    <View testID="inbox-screen" style={styles.screen}>
      <Stack.Screen
        options={{
          title: 'Inbox',
          // Pull to refresh is a touch gesture: the web build gets a button.
          headerLeft:
            Platform.OS === 'web'
              ? () => (
                  <Pressable
                    role="button"
                    accessibilityLabel="Refresh"
                    onPress={handleRefresh}
                    style={styles.headerButton}
                  >
                    <Text style={styles.refresh}>↻</Text>
                  </Pressable>
                )
              : undefined,
          headerRight: () => (
            <Pressable
              role="button"
              accessibilityLabel="Settings"
              onPress={() => router.push('/settings')}
              style={styles.headerButton}
            >
              <View style={[styles.dot, { backgroundColor: AVAILABILITY_COLORS[agent?.availability ?? 'offline'] }]} />
              <Text style={styles.headerButtonText}>{agent?.name.split(' ')[0] ?? 'Settings'}</Text>
            </Pressable>
          ),
        }}
      />
      <ConnectionBanner />
      <View style={styles.searchBar}>
        <TextInput
          accessibilityLabel="Search conversations"
          placeholder="Search messages, notes, names, emails, #number"
          placeholderTextColor={colors.placeholder}
          value={searchText}
          onChangeText={setSearchText}
          autoCapitalize="none"
          autoCorrect={false}
          returnKeyType="search"
          clearButtonMode="while-editing"
          style={styles.searchInput}
        />
        {isSearching && (
          <Pressable role="button" accessibilityLabel="Clear search" onPress={() => setSearchText('')}>
            <Text style={styles.clear}>Cancel</Text>
          </Pressable>
        )}
      </View>
      {isSearching ? (
        <SearchResults search={search} onOpen={(hit) => router.push(`/conversation/${hit.conversation.id}`)} />
      ) : (
        renderInboxList()
      )}
    </View>
  );

  // A function, not a component: the list keeps its identity (and scroll position) across renders.
  function renderInboxList() {
    return (
      <>
        <Segmented
          label="Inbox views"
          options={INBOX_VIEWS.map((v) => ({ ...v, count: counts?.[v.id] }))}
          value={view}
          onChange={setPicked}
        />
        {!!counts?.unreadConversations && (
          <Text style={styles.unread} accessibilityLabel={`${counts.unreadConversations} of your conversations unread`}>
            {counts.unreadConversations >= 100 ? '99+' : counts.unreadConversations} of your conversations have unread
            messages
          </Text>
        )}
        <FlatList
          data={list?.items ?? []}
          keyExtractor={(c) => c.id}
          renderItem={({ item }) => (
            <ConversationRow
              conversation={item}
              isTyping={!!typing[item.id]?.visitor}
              onPress={() => router.push(`/conversation/${item.id}`)}
            />
          )}
          refreshControl={<RefreshControl refreshing={isRefreshing} onRefresh={handleRefresh} />}
          onEndReached={() => void app.inbox.loadMore(view).catch(() => {})}
          onEndReachedThreshold={0.5}
          ListEmptyComponent={
            <View style={styles.empty}>
              <Text style={styles.emptyText}>{list && (landing || picked) ? emptyText : 'Loading conversations…'}</Text>
            </View>
          }
          contentContainerStyle={styles.listContent}
        />
      </>
    );
  }
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: colors.bg },
  searchBar: {
    flexDirection: 'row',
    alignItems: 'center',
    gap: space.s,
    paddingHorizontal: space.l,
    paddingTop: space.s,
  },
  searchInput: {
    flex: 1,
    backgroundColor: colors.card,
    borderWidth: StyleSheet.hairlineWidth,
    borderColor: colors.border,
    borderRadius: 10,
    paddingHorizontal: space.m,
    paddingVertical: 8,
    fontSize: 15,
    color: colors.text,
  },
  clear: { color: colors.primary, fontSize: 15, fontWeight: '600' },
  listContent: { flexGrow: 1 },
  headerButton: { flexDirection: 'row', alignItems: 'center', gap: 6, paddingHorizontal: space.m, paddingVertical: 6 },
  headerButtonText: { color: colors.primary, fontSize: 15, fontWeight: '600' },
  refresh: { color: colors.primary, fontSize: 22, fontWeight: '600' },
  dot: { width: 10, height: 10, borderRadius: 5 },
  unread: { marginHorizontal: space.l, marginBottom: space.xs, fontSize: 13, color: colors.primary, fontWeight: '600' },
  empty: { padding: space.xl, alignItems: 'center' },
  emptyText: { color: colors.muted, fontSize: 15, textAlign: 'center' },
});
