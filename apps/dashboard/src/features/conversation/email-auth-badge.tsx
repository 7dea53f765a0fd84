import { emailAuthSummary, type TEmailAuth } from '@oceras/protocol/email-auth';
import { fill, useStrings } from '../../i18n/i18n';

/**
 * On a visitor's message that came by email: what the organization's mail relay found about its sender (SPF, DKIM,
 * DMARC), in one small badge, marked as a warning when a check failed, since the email may then not come from
 * whom it claims. The relay's name is in the tooltip.
 */
export function EmailAuthBadge({ auth }: { auth: TEmailAuth }) {
  const t = useStrings().conversation.thread;
  const summary = emailAuthSummary(auth, t.emailAuthResults);
  if (!summary) return null;
  return (
    <span
      className={`email-auth ${summary.isWarning ? 'email-auth-warning' : ''}`}
      title={fill(t.checkedBy, { relay: auth.authservId })}
      role="note"
      aria-label={fill(summary.isWarning ? t.senderNotVerified : t.senderVerified, { summary: summary.text })}
    >
      {summary.isWarning ? '⚠ ' : '✓ '}
      {summary.text}
    </span>
  );
}
