import type { TWebhookEvent } from '@oceras/protocol';

/** What the mapping reads of an event of the log (webhook.repo.ts selects exactly this). */
export interface LoggedEvent {
  seq: number;
  type: string;
  /** message.created: the message's type (message, note, system). */
  messageType: string | null;
  /** conversation.updated: the conversation's status after the change, and which fields changed. */
  status: string | null;
  changes: string[] | null;
}

/**
 * The webhook events one event of the log becomes: a conversation's creation and changes (a change of status to
 * resolved is also `conversation.resolved`, a rating also `conversation.rated`), and messages, where a note is `note.created` (only subscriptions
 * listing it get notes) and anything else the visitor sees is `message.created`; a contact's creation and changes
 * (contact-events.ts), and its erasure (`visitor.erased` → `contact.erased`, ids only). Other events are not
 * delivered.
 */
export function webhookEventsOf(e: LoggedEvent): TWebhookEvent[] {
  switch (e.type) {
    case 'conversation.created':
      return ['conversation.created'];
    case 'conversation.updated':
      return [
        'conversation.updated',
        ...(e.status === 'resolved' && e.changes?.includes('status') ? (['conversation.resolved'] as const) : []),
        ...(e.changes?.includes('rating') ? (['conversation.rated'] as const) : []),
      ];
    case 'message.created':
      return [e.messageType === 'note' ? 'note.created' : 'message.created'];
    case 'contact.created':
      return ['contact.created'];
    case 'contact.updated':
      return ['contact.updated'];
    case 'visitor.erased':
      return ['contact.erased'];
    default:
      return [];
  }
}

/**
 * The `data` of a delivery: the event's agents' view, except that a conversation's `lastMessagePreview` (which
 * may quote a note) is left out for subscriptions that do not take notes.
 */
export function webhookDataOf(payload: unknown, takesNotes: boolean): unknown {
  if (takesNotes || !payload || typeof payload !== 'object') return payload;
  const strip = (c: unknown) => {
    if (!c || typeof c !== 'object' || !('lastMessagePreview' in c)) return c;
    const { lastMessagePreview: _, ...rest } = c as Record<string, unknown>;
    return rest;
  };
  const p = payload as Record<string, unknown>;
  return 'conversation' in p ? { ...p, conversation: strip(p.conversation) } : strip(p);
}
