import { emailAuthSummary, type TEmailAuth } from '@oceras/protocol/email-auth';
import { StyleSheet, Text } from 'react-native';
import { fill, useStrings } from '@/lib/i18n/i18n';
import { colors } from '../ui/theme';

/**
 * Under a visitor's message that came by email: what the organization's mail relay found about its sender (SPF,
 * DKIM, DMARC), as the dashboard says it (`emailAuthSummary`, the protocol's one rule), marked as a warning when a
 * check failed or could not be made, since the email may then not come from whom it claims. Nothing when the relay
 * reported no check.
 */
export function EmailAuthBadge({ auth }: { auth: TEmailAuth }) {
  const t = useStrings().message;
  const summary = emailAuthSummary(auth, t.emailAuthResults);
  if (!summary) return null;
  return (
    <Text
      role="note"
      accessibilityLabel={fill(summary.isWarning ? t.senderNotVerified : t.senderVerified, { summary: summary.text })}
      style={[styles.badge, summary.isWarning && styles.warning]}
    >
      {summary.isWarning ? '⚠ ' : '✓ '}
      {summary.text}
    </Text>
  );
}

const styles = StyleSheet.create({
  badge: {
    alignSelf: 'flex-start',
    marginTop: 4,
    marginHorizontal: 4,
    fontSize: 11,
    color: colors.okText,
    backgroundColor: colors.card,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 6,
    paddingHorizontal: 6,
    paddingVertical: 1,
    overflow: 'hidden',
  },
  warning: {
    color: colors.warningText,
    backgroundColor: colors.warningSoft,
    borderColor: colors.warningBorder,
    fontWeight: '600',
  },
});
