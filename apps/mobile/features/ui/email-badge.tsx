import { StyleSheet, Text } from 'react-native';
import { useStrings } from '@/lib/i18n/i18n';
import { colors } from './theme';

/** "Email" on a conversation that started by email to one of the organization's inboxes: answers leave by email. */
export function EmailBadge() {
  const t = useStrings().row;
  return (
    <Text style={styles.badge} accessibilityLabel={t.emailLabel}>
      {t.email}
    </Text>
  );
}

const styles = StyleSheet.create({
  badge: {
    fontSize: 11,
    fontWeight: '700',
    color: colors.primary,
    backgroundColor: colors.primarySoft,
    borderRadius: 6,
    // A border keeps it visible on a selected row, whose background is the same soft blue.
    borderWidth: StyleSheet.hairlineWidth,
    borderColor: colors.primary,
    paddingHorizontal: 6,
    paddingVertical: 1,
    overflow: 'hidden',
  },
});
