import type { TConversation } from '@oceras/protocol';
import { Pressable, StyleSheet, Text, View } from 'react-native';
import { timeAgo, visitorLabel } from '@/lib/format';
import { fill, useStrings } from '@/lib/i18n/i18n';
import { Avatar } from '../ui/avatar';
import { EmailBadge } from '../ui/email-badge';
import { colors, space } from '../ui/theme';

const STATUS_COLORS: Record<string, string> = { pending: colors.warning, snoozed: '#7c3aed', resolved: colors.success };

/**
 * A row of the inbox. A long press starts selecting (bulk actions); while some are selected (`isSelected` is a
 * boolean) a tap selects or unselects the row instead of opening it, and the row is a checkbox. Screen readers get
 * the long press as a named action too ("Select", in the actions rotor or menu), so selecting needs no gesture.
 */
export function ConversationRow({
  conversation: c,
  onPress,
  onLongPress,
  isTyping,
  isSelected,
}: {
  conversation: TConversation;
  onPress: () => void;
  onLongPress?: () => void;
  isTyping?: boolean;
  isSelected?: boolean | undefined;
}) {
  const strings = useStrings();
  const t = strings.row;
  const name = visitorLabel(c.visitor, c.number);
  const isUnread = c.unreadCount > 0;
  const isSelecting = isSelected !== undefined;
  const label = `${fill(t.label, { name })}${c.channel === 'email' ? t.byEmail : ''}${isUnread ? fill(t.unread, { count: c.unreadCount }) : ''}`;
  return (
    <Pressable
      role={isSelecting ? 'checkbox' : 'link'}
      aria-checked={isSelecting ? isSelected : undefined}
      accessibilityState={isSelecting ? { checked: isSelected } : undefined}
      accessibilityLabel={label}
      accessibilityHint={isSelecting ? undefined : t.longPressHint}
      accessibilityActions={onLongPress && !isSelecting ? [{ name: 'select', label: t.selectAction }] : undefined}
      onAccessibilityAction={(e) => {
        if (e.nativeEvent.actionName === 'select') onLongPress?.();
      }}
      onPress={onPress}
      onLongPress={onLongPress}
      style={({ pressed }) => [styles.row, pressed && styles.pressed, isSelected && styles.selected]}
    >
      {isSelecting ? (
        <View style={[styles.check, isSelected && styles.checkOn]}>
          {isSelected && <Text style={styles.checkMark}>✓</Text>}
        </View>
      ) : (
        <Avatar name={name} seed={c.visitor.id} />
      )}
      <View style={styles.body}>
        <View style={styles.top}>
          <Text style={[styles.name, isUnread && styles.bold]} numberOfLines={1}>
            {name}
          </Text>
          {c.channel === 'email' && <EmailBadge />}
          <Text style={styles.time}>{timeAgo(c.lastActivityAt)}</Text>
        </View>
        <View style={styles.bottom}>
          <Text style={[styles.preview, isUnread && styles.previewUnread]} numberOfLines={1}>
            {isTyping ? t.typing : (c.lastMessagePreview ?? c.subject ?? t.noMessages)}
          </Text>
          {c.status !== 'open' && (
            <Text style={[styles.status, { color: STATUS_COLORS[c.status] ?? colors.muted }]}>
              {strings.statuses[c.status]}
            </Text>
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
  selected: { backgroundColor: colors.primarySoft },
  check: {
    width: 40,
    height: 40,
    borderRadius: 20,
    borderWidth: 2,
    borderColor: colors.border,
    alignItems: 'center',
    justifyContent: 'center',
  },
  checkOn: { backgroundColor: colors.primary, borderColor: colors.primary },
  checkMark: { color: colors.primaryText, fontSize: 20, fontWeight: '700' },
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
  status: { fontSize: 12, fontWeight: '600' },
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
