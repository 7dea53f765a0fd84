import type { TConversation } from '@oceras/protocol';
import { useStrings } from '../../i18n/i18n';

/** "Email" on a conversation started by an email to one of the organization's inboxes (answers leave by email). */
export function ChannelBadge({ conv }: { conv: Pick<TConversation, 'channel'> }) {
  const t = useStrings().inbox;
  if (conv.channel !== 'email') return null;
  return (
    <span className="pill channel-email" title={t.emailTitle}>
      {t.email}
    </span>
  );
}
