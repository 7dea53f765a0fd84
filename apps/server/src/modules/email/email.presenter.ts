import type { TEmailDelivery } from '@oceras/protocol';
import type { EmailRow } from './email.repo.js';

/** An email as the admins' delivery log shows it: never its body. */
export function presentEmail(row: EmailRow): TEmailDelivery {
  return {
    id: String(row.id),
    kind: row.kind,
    recipient: row.recipient,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    messageId: row.messageId,
    conversationId: row.conversationId,
    createdAt: row.createdAt.toISOString(),
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

/** The opaque cursor of the next page is the last email's id; anything else is not a cursor. */
export function decodeEmailCursor(cursor: string): number | null {
  return /^[1-9]\d{0,14}$/.test(cursor) ? Number(cursor) : null;
}
