import { Stack, useRouter } from 'expo-router';
import { useCallback, useEffect, useRef, useState } from 'react';
import { FlatList, Platform, Pressable, RefreshControl, StyleSheet, Text, TextInput, View } from 'react-native';
import { useApp } from '@/lib/app';
import { fill, plural, useStrings } from '@/lib/i18n/i18n';
import { INBOX_VIEWS, type InboxView, landingView } from '@/lib/inbox-sync';
import { registerAfterSignIn } from '@/lib/push';
import { useStore } from '@/lib/store';
import { useSearch } from '@/lib/use-search';
import { SearchResults } from '../search/search-results';
import { ConnectionBanner } from '../ui/connection-banner';
import { Segmented } from '../ui/segmented';
import { colors, space } from '../ui/theme';
import { BulkBar } from './bulk-bar';
import { ConversationRow } from './conversation-row';
import { describeFilter, FilterPanel } from './filter-panel';

const AVAILABILITY_COLORS = { online: colors.success, away: colors.warning, offline: '#9ca3af' } as const;

export function InboxScreen() {
  const app = useApp();
  const router = useRouter();
  const strings = useStrings();
  const t = strings.inbox;
  const counts = useStore(app.inbox.data, (d) => d.counts);
  // The view with work in it, chosen once when the counts first arrive (cache or server); the agent's pick wins.
  const [picked, setPicked] = useState<InboxView | null>(null);
  const [landing, setLanding] = useState<InboxView | null>(null);
  useEffect(() => {
    if (counts && !landing) setLanding(landingView(counts));
  }, [counts, landing]);
  const view = picked ?? landing ?? 'mine';
  const filtered = useStore(app.inbox.data, (d) => d.filtered);
  const list = useStore(app.inbox.data, (d) => d.filtered?.list ?? d.lists[view]);
  const directory = useStore(app.inbox.directory.data);
  const [isFilterOpen, setIsFilterOpen] = useState(false);
  // The conversations selected for a bulk action; null while not selecting (a long press starts it).
  const [selected, setSelected] = useState<string[] | null>(null);
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

  const toggleSelected = (id: string) =>
    setSelected((ids) => {
      const next = ids?.includes(id) ? ids.filter((x) => x !== id) : [...(ids ?? []), id];
      return next.length ? next : null;
    });
  const filterTitle = filtered
    ? (directory.savedViews?.find((v) => v.id === filtered.savedViewId)?.name ??
      describeFilter(filtered.filter, directory.teams ?? [], strings))
    : null;

  const emptyText = filtered
    ? t.emptyFiltered
    : view === 'mine'
      ? t.emptyMine
      : view === 'unassigned'
        ? t.emptyUnassigned
        : t.emptyAll;

  return (
    <View testID="inbox-screen" style={styles.screen}>
      <Stack.Screen
        options={{
          title: strings.titles.inbox,
          // Pull to refresh is a touch gesture: the web build gets a button.
          headerLeft:
            Platform.OS === 'web'
              ? () => (
                  <Pressable
                    role="button"
                    accessibilityLabel={t.refresh}
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
              accessibilityLabel={t.settings}
              onPress={() => router.push('/settings')}
              style={styles.headerButton}
            >
              <View style={[styles.dot, { backgroundColor: AVAILABILITY_COLORS[agent?.availability ?? 'offline'] }]} />
              <Text style={styles.headerButtonText}>{agent?.name.split(' ')[0] ?? t.settings}</Text>
            </Pressable>
          ),
        }}
      />
      <ConnectionBanner />
      <View style={styles.searchBar}>
        <TextInput
          accessibilityLabel={t.searchLabel}
          placeholder={t.searchPlaceholder}
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
          <Pressable role="button" accessibilityLabel={t.clearSearch} onPress={() => setSearchText('')}>
            <Text style={styles.clear}>{strings.common.cancel}</Text>
          </Pressable>
        )}
      </View>
      {!isSearching && (
        <View style={styles.tools}>
          <Pressable
            role="button"
            accessibilityLabel={filtered ? fill(t.filtersOn, { title: filterTitle ?? '' }) : t.filters}
            aria-expanded={isFilterOpen}
            accessibilityState={{ expanded: isFilterOpen }}
            onPress={() => setIsFilterOpen((v) => !v)}
            style={[styles.tool, (isFilterOpen || filtered) && styles.toolOn]}
          >
            <Text style={styles.toolText}>
              {t.filters}
              {filtered ? ' •' : ''}
            </Text>
          </Pressable>
          <Pressable
            role="link"
            accessibilityLabel={
              directory.unreadMentions ? fill(t.mentionsUnread, { count: directory.unreadMentions }) : t.mentionsLabel
            }
            onPress={() => router.push('/mentions')}
            style={styles.tool}
          >
            <Text style={styles.toolText}>{t.mentions}</Text>
            {directory.unreadMentions > 0 && (
              <View style={styles.toolCount}>
                <Text style={styles.toolCountText}>
                  {directory.unreadMentions > 99 ? '99+' : directory.unreadMentions}
                </Text>
              </View>
            )}
          </Pressable>
        </View>
      )}
      {isSearching ? (
        <SearchResults search={search} onOpen={(hit) => router.push(`/conversation/${hit.conversation.id}`)} />
      ) : isFilterOpen ? (
        <FilterPanel
          current={filtered?.filter ?? null}
          savedViews={directory.savedViews}
          counts={directory.savedViewCounts}
          teams={directory.teams ?? []}
          onClose={() => setIsFilterOpen(false)}
          onApply={(filter) => {
            setIsFilterOpen(false);
            void app.inbox.setFilter(filter).catch(() => {});
          }}
          onPickView={(v) => {
            setIsFilterOpen(false);
            void app.inbox.setFilter({ ...v.filters, view: v.filters.view ?? 'all' }, v.id).catch(() => {});
          }}
        />
      ) : (
        renderInboxList()
      )}
      {selected && !isSearching && <BulkBar ids={selected} onDone={() => setSelected(null)} />}
    </View>
  );

  // A function, not a component: the list keeps its identity (and scroll position) across renders.
  function renderInboxList() {
    return (
      <>
        {filtered ? (
          <View style={styles.filterBar}>
            <Text role="heading" style={styles.filterTitle} numberOfLines={2}>
              {filterTitle}
            </Text>
            <Pressable
              role="button"
              accessibilityLabel={t.clearFilters}
              onPress={() => void app.inbox.setFilter(null)}
              hitSlop={8}
            >
              <Text style={styles.clear}>{t.clear}</Text>
            </Pressable>
          </View>
        ) : (
          <Segmented
            label={t.viewsLabel}
            options={INBOX_VIEWS.map((id) => ({ id, label: t.views[id], count: counts?.[id] }))}
            value={view}
            onChange={setPicked}
          />
        )}
        {!!counts?.unreadConversations && (
          <Text style={styles.unread} accessibilityLabel={fill(t.unreadLabel, { count: counts.unreadConversations })}>
            {counts.unreadConversations >= 100
              ? fill(t.unread.other, { count: '99+' })
              : plural(t.unread, counts.unreadConversations)}
          </Text>
        )}
        <FlatList
          data={list?.items ?? []}
          keyExtractor={(c) => c.id}
          renderItem={({ item }) => (
            <ConversationRow
              conversation={item}
              isTyping={!!typing[item.id]?.visitor}
              isSelected={selected ? selected.includes(item.id) : undefined}
              onPress={() => (selected ? toggleSelected(item.id) : router.push(`/conversation/${item.id}`))}
              onLongPress={() => toggleSelected(item.id)}
            />
          )}
          extraData={selected}
          refreshControl={<RefreshControl refreshing={isRefreshing} onRefresh={handleRefresh} />}
          onEndReached={() => void app.inbox.loadMore(filtered ? 'filtered' : view).catch(() => {})}
          onEndReachedThreshold={0.5}
          ListEmptyComponent={
            <View style={styles.empty}>
              <Text style={styles.emptyText}>{list && (landing || picked || filtered) ? emptyText : t.loading}</Text>
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
  tools: { flexDirection: 'row', gap: space.s, paddingHorizontal: space.l, paddingTop: space.s },
  tool: {
    flexDirection: 'row',
    alignItems: 'center',
    gap: 6,
    paddingHorizontal: space.m,
    paddingVertical: 6,
    borderRadius: 16,
    borderWidth: 1,
    borderColor: colors.border,
    backgroundColor: colors.card,
  },
  toolOn: { borderColor: colors.primary, backgroundColor: colors.primarySoft },
  toolText: { color: colors.primary, fontSize: 14, fontWeight: '600' },
  toolCount: { minWidth: 20, paddingHorizontal: 6, borderRadius: 10, backgroundColor: colors.primary },
  toolCountText: { color: colors.primaryText, fontSize: 12, fontWeight: '700', textAlign: 'center' },
  filterBar: {
    flexDirection: 'row',
    alignItems: 'center',
    gap: space.m,
    marginHorizontal: space.l,
    marginVertical: space.s,
    paddingHorizontal: space.m,
    paddingVertical: space.s,
    borderRadius: 10,
    backgroundColor: colors.primarySoft,
  },
  filterTitle: { flex: 1, fontSize: 15, fontWeight: '700', color: colors.text },
  listContent: { flexGrow: 1 },
  headerButton: { flexDirection: 'row', alignItems: 'center', gap: 6, paddingHorizontal: space.m, paddingVertical: 6 },
  headerButtonText: { color: colors.primary, fontSize: 15, fontWeight: '600' },
  refresh: { color: colors.primary, fontSize: 22, fontWeight: '600' },
  dot: { width: 10, height: 10, borderRadius: 5 },
  unread: { marginHorizontal: space.l, marginBottom: space.xs, fontSize: 13, color: colors.primary, fontWeight: '600' },
  empty: { padding: space.xl, alignItems: 'center' },
  emptyText: { color: colors.muted, fontSize: 15, textAlign: 'center' },
});
