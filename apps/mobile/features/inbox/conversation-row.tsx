import type { TConversation } from '@oceras/protocol';
import { Pressable, StyleSheet, Text, View } from 'react-native';
import { timeAgo, visitorLabel } from '@/lib/format';
import { Avatar } from '../ui/avatar';
import { colors, space } from '../ui/theme';

const STATUS_COLORS: Record<string, string> = { pending: colors.warning, snoozed: '#7c3aed', resolved: colors.success };

export function ConversationRow({
  conversation: c,
  onPress,
  isTyping,
}: {
  conversation: TConversation;
  onPress: () => void;
  isTyping?: boolean;
}) {
  const name = visitorLabel(c.visitor, c.number);
  const isUnread = c.unreadCount > 0;
  return (
    <Pressable
      role="link"
      accessibilityLabel={`Conversation with ${name}${isUnread ? `, ${c.unreadCount} unread` : ''}`}
      onPress={onPress}
      style={({ pressed }) => [styles.row, pressed && styles.pressed]}
    >
      <Avatar name={name} seed={c.visitor.id} />
      <View style={styles.body}>
        <View style={styles.top}>
          <Text style={[styles.name, isUnread && styles.bold]} numberOfLines={1}>
            {name}
          </Text>
          <Text style={styles.time}>{timeAgo(c.lastActivityAt)}</Text>
        </View>
        <View style={styles.bottom}>
          <Text style={[styles.preview, isUnread && styles.previewUnread]} numberOfLines={1}>
            {isTyping ? 'typing…' : (c.lastMessagePreview ?? c.subject ?? 'No messages yet')}
          </Text>
          {c.status !== 'open' && (
            <Text style={[styles.status, { color: STATUS_COLORS[c.status] ?? colors.muted }]}>{c.status}</Text>
          )}
          {isUnread && (
            <View style={styles.badge}>
              <Text style={styles.badgeText}>{c.unreadCount > 99 ? '99+' : c.unreadCount}</Text>
            </View>
          )}
        </View>
      </View>
    </Pressable>
  );
}

const styles = StyleSheet.create({
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
  body: { flex: 1, minWidth: 0 },
  top: { flexDirection: 'row', alignItems: 'baseline', justifyContent: 'space-between', gap: space.s },
  name: { flex: 1, fontSize: 16, color: colors.text, fontWeight: '500' },
  bold: { fontWeight: '700' },
  time: { fontSize: 12, color: colors.muted },
  bottom: { flexDirection: 'row', alignItems: 'center', gap: space.s, marginTop: 2 },
  preview: { flex: 1, fontSize: 14, color: colors.muted },
  previewUnread: { color: colors.text },
  status: { fontSize: 12, fontWeight: '600', textTransform: 'capitalize' },
  badge: {
    minWidth: 22,
    height: 22,
    borderRadius: 11,
    backgroundColor: colors.primary,
    paddingHorizontal: 6,
    justifyContent: 'center',
  },
  badgeText: { color: '#fff', fontSize: 12, fontWeight: '700', textAlign: 'center' },
});
