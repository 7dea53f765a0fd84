import type { TAttachmentRecord, TConsentRecord } from '@oceras/protocol';
import { sql } from 'drizzle-orm';
import { query } from '../../db/client.js';
import type { Services } from '../../services.js';
import { listConsentRecords } from '../consent/consent-records.js';

/**
 * Records about a visitor that other features keep, listed in their export.
 */

/**
 * The visitor's files (name, type, size; never the content): those of public messages in their conversations and
 * their own uploads, never a note's (SPEC R2), a page at a time.
 */
export async function* attachmentsOf(
  services: Services,
  organizationId: string,
  visitorId: string,
): AsyncGenerator<TAttachmentRecord> {
  let after = '';
  for (;;) {
    const rows = await query<{
      id: string;
      conversation_id: string | null;
      file_name: string;
      content_type: string;
      size: string | number;
      created_at: Date;
    }>(
      services.db,
      sql`select a.id, a.conversation_id, a.file_name, a.content_type, a.size, a.created_at
          from attachments a left join messages m on m.id = a.message_id
          where a.organization_id = ${organizationId} and a.id::text > ${after}
            and ((m.type = 'message' and a.conversation_id in
                   (select id from conversations where organization_id = ${organizationId} and visitor_id = ${visitorId}))
                 or (a.uploader_type = 'visitor' and a.uploader_id = ${visitorId} and a.message_id is null))
          order by a.id::text limit 500`,
    );
    for (const r of rows)
      yield {
        id: r.id,
        conversationId: r.conversation_id,
        name: r.file_name,
        contentType: r.content_type,
        size: Number(r.size),
        createdAt: new Date(r.created_at).toISOString(),
      };
    if (rows.length < 500) return;
    after = rows.at(-1)!.id;
  }
}

/** The pre-chat consents the visitor gave (time, policy URL and version): consent_records. */
export async function* consentsOf(
  services: Services,
  organizationId: string,
  visitorId: string,
): AsyncGenerator<TConsentRecord> {
  yield* await listConsentRecords(services.db, organizationId, visitorId);
}
