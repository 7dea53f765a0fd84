import type { TConversation } from '@oceras/protocol';

/** "Email" on a conversation started by an email to one of the organization's inboxes (answers leave by email). */
export function ChannelBadge({ conv }: { conv: Pick<TConversation, 'channel'> }) {
  if (conv.channel !== 'email') return null;
  return (
    <span className="pill channel-email" title="Started by email: your answers are sent by email">
      Email
    </span>
  );
}
