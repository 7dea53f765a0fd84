import { mentionsByConversation } from '@oceras/protocol/mention-text';
import { ratingText } from '@oceras/protocol/notices';
import { Stack, useRouter } from 'expo-router';
import { useEffect, useState } from 'react';
import { FlatList, Pressable, StyleSheet, Text, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorMessage } from '@/lib/errors';
import { timeAgo } from '@/lib/format';
import { currentStrings, fill, useStrings } from '@/lib/i18n/i18n';
import { useStore } from '@/lib/store';
import { ConnectionBanner } from '../ui/connection-banner';
import { colors, space } from '../ui/theme';

/**
 * Mentions: the conversations where colleagues mentioned the agent (`@name` in an internal note), and the low
 * ratings they are told of (the rating on its scale, the visitor's comment), newest first, unread ones marked.
 * Opening one marks its mentions read (InboxSync.setViewing); "Mark all read" marks them all. Loaded again each
 * time the screen opens; a new mention arrives live (`mention.created`), a low rating with its conversation's
 * `conversation.updated` (rating).
 */
export function MentionsScreen() {
  const app = useApp();
  const router = useRouter();
  const strings = useStrings();
  const t = strings.mentions;
  const { mentions, unreadMentions } = useStore(app.inbox.directory.data);
  const [error, setError] = useState<string | null>(null);
  const [isMarking, setMarking] = useState(false);
  useEffect(() => {
    app.inbox.directory
      .loadMentions()
      .catch((err) => setError(errorMessage(err, currentStrings().mentions.loadFailed)));
  }, [app]);
  const rows = mentionsByConversation(mentions ?? []);

  const markAll = () => {
    setMarking(true);
    app.inbox.directory
      .markMentionsRead()
      .catch((err) => setError(errorMessage(err, strings.common.tryAgainOnline)))
      .finally(() => setMarking(false));
  };

  return (
    <View testID="mentions-screen" style={styles.screen}>
      <Stack.Screen
        options={{
          title: strings.titles.mentions,
          headerRight: () =>
            unreadMentions > 0 ? (
              <Pressable
                role="button"
                accessibilityLabel={t.markAllRead}
                disabled={isMarking}
                onPress={markAll}
                style={styles.headerButton}
              >
                <Text style={styles.headerButtonText}>{t.markAllRead}</Text>
              </Pressable>
            ) : null,
        }}
      />
      <ConnectionBanner />
      {error && (
        <Text role="alert" style={styles.error}>
          {error}
        </Text>
      )}
      <FlatList
        data={rows}
        keyExtractor={(r) => `${r.latest.kind ?? 'mention'}:${r.latest.conversationId}`}
        accessibilityLabel={t.listLabel}
        renderItem={({ item: { latest, count, isUnread } }) => {
          const who = latest.author?.name ?? t.colleague;
          const number = latest.conversationNumber;
          const isLowRating = latest.kind === 'low_rating';
          const rating = isLowRating ? ratingText(latest.rating ?? { score: 1 }, strings.rating) : '';
          const title = isLowRating ? fill(t.lowRating, { number, rating }) : fill(t.mentionedYou, { number, who });
          const label = isLowRating ? fill(t.lowRatingLabel, { number, rating }) : fill(t.label, { number, who });
          return (
            <Pressable
              role="link"
              accessibilityLabel={`${label}${count > 1 ? fill(t.timesLabel, { count }) : ''}${isUnread ? t.unreadLabel : ''}`}
              onPress={() => router.push(`/conversation/${latest.conversationId}`)}
              style={({ pressed }) => [styles.row, pressed && styles.pressed]}
            >
              <View style={[styles.dot, isUnread && styles.dotUnread]} />
              <View style={styles.body}>
                <View style={styles.top}>
                  <Text style={[styles.title, isUnread && styles.bold]} numberOfLines={1}>
                    {title}
                    {count > 1 ? fill(t.times, { count }) : ''}
                  </Text>
                  <Text style={styles.time}>{timeAgo(latest.createdAt)}</Text>
                </View>
                {!!latest.excerpt && (
                  <Text style={styles.excerpt} numberOfLines={2}>
                    {latest.excerpt}
                  </Text>
                )}
              </View>
            </Pressable>
          );
        }}
        ListEmptyComponent={
          <View style={styles.empty}>
            <Text style={styles.emptyText}>{mentions ? t.empty : t.loading}</Text>
          </View>
        }
        contentContainerStyle={styles.listContent}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: colors.bg },
  headerButton: { paddingHorizontal: space.m, paddingVertical: 6 },
  headerButtonText: { color: colors.primary, fontSize: 15, fontWeight: '600' },
  error: { color: colors.danger, paddingHorizontal: space.l, paddingTop: space.s },
  listContent: { flexGrow: 1 },
  row: {
    flexDirection: 'row',
    alignItems: 'center',
    gap: space.m,
    paddingHorizontal: space.l,
    paddingVertical: space.m,
    backgroundColor: colors.card,
    borderBottomWidth: StyleSheet.hairlineWidth,
    borderBottomColor: colors.border,
  },
  pressed: { backgroundColor: '#f0f1f8' },
  dot: { width: 10, height: 10, borderRadius: 5 },
  dotUnread: { backgroundColor: colors.primary },
  body: { flex: 1, minWidth: 0 },
  top: { flexDirection: 'row', alignItems: 'baseline', gap: space.s },
  title: { flex: 1, fontSize: 15, color: colors.text },
  bold: { fontWeight: '700' },
  time: { fontSize: 12, color: colors.muted },
  excerpt: { fontSize: 14, color: colors.muted, marginTop: 2 },
  empty: { padding: space.xl, alignItems: 'center' },
  emptyText: { color: colors.muted, fontSize: 15, textAlign: 'center' },
});
