import { snippetParts, type TSearchHit } from '@oceras/protocol';
import { FlatList, Pressable, StyleSheet, Text, View } from 'react-native';
import { errorMessage } from '@/lib/errors';
import { visitorLabel } from '@/lib/format';
import { fill, useStrings } from '@/lib/i18n/i18n';
import type { useSearch } from '@/lib/use-search';
import { colors, space } from '../ui/theme';

/** The inbox's search results, in place of the list while the field holds a query. */
export function SearchResults({
  search,
  onOpen,
}: {
  search: ReturnType<typeof useSearch>;
  onOpen: (hit: TSearchHit) => void;
}) {
  const t = useStrings().search;
  const status =
    search.status === 'error'
      ? errorMessage(search.error)
      : search.status === 'loading' && search.hits.length === 0
        ? t.searching
        : search.status === 'done' && search.hits.length === 0
          ? t.none
          : search.order === 'recent'
            ? t.recent
            : null;
  return (
    <FlatList
      testID="search-results"
      data={search.hits}
      keyExtractor={(h) => h.conversation.id}
      renderItem={({ item }) => <SearchHitRow hit={item} onPress={() => onOpen(item)} />}
      onEndReached={() => search.loadMore()}
      onEndReachedThreshold={0.5}
      ListHeaderComponent={status ? <Text style={styles.status}>{status}</Text> : null}
      keyboardShouldPersistTaps="handled"
    />
  );
}

function SearchHitRow({ hit, onPress }: { hit: TSearchHit; onPress: () => void }) {
  const strings = useStrings();
  const t = strings.search;
  const c = hit.conversation;
  const name = visitorLabel(c.visitor, c.number);
  return (
    <Pressable
      role="link"
      accessibilityLabel={fill(t.result, { name, where: t.where[hit.match] })}
      onPress={onPress}
      style={({ pressed }) => [styles.row, pressed && styles.pressed]}
    >
      <View style={styles.top}>
        <Text style={styles.name} numberOfLines={1}>
          #{c.number} · {name}
        </Text>
        <Text style={styles.meta}>
          {strings.statuses[c.status]} · {t.where[hit.match]}
        </Text>
      </View>
      <Text style={styles.snippet} numberOfLines={3}>
        {snippetParts(hit.snippet).map((part, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one snippet never move
          <Text key={i} style={part.isMatch ? styles.match : undefined} testID={part.isMatch ? 'match' : undefined}>
            {part.text}
          </Text>
        ))}
      </Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  row: {
    paddingHorizontal: space.l,
    paddingVertical: space.m,
    backgroundColor: colors.card,
    borderBottomWidth: StyleSheet.hairlineWidth,
    borderBottomColor: colors.border,
    gap: 4,
  },
  pressed: { backgroundColor: colors.primarySoft },
  top: { flexDirection: 'row', justifyContent: 'space-between', gap: space.s },
  name: { flex: 1, fontSize: 15, fontWeight: '600', color: colors.text },
  meta: { fontSize: 12, color: colors.muted },
  snippet: { fontSize: 14, color: colors.muted },
  match: { backgroundColor: '#ffe58a', color: colors.text, fontWeight: '600' },
  status: { padding: space.l, color: colors.muted, fontSize: 14, textAlign: 'center' },
});
