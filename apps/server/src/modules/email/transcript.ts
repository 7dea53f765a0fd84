import { ZWidgetLocale } from '@oceras/protocol';
import type { CoreServices } from '../../services.js';
import { lockDueTranscripts, publicMessages, settleThread } from './email.repo.js';
import { canEmailVisitor } from './followup-policy.js';
import { enqueueThreadEmail, messageIdDomain, newReplyToken, unsubscribeUrl } from './thread-email.js';
import { renderTranscript } from './transcript-templates.js';

const THREADS_PER_PASS = 50;
/** A transcript lists the last this many public messages of a very long conversation. */
const TRANSCRIPT_MAX_MESSAGES = 2000;

/**
 * The transcript pass (run by the email worker): each thread with a transcript due (a resolve of a conversation whose
 * visitor asked for one, marked by the trigger of migration 0021, or an agent's "Send transcript") becomes one email
 * with the conversation's public messages (never notes), each attachment by name, in the visitor's language, queued
 * in the transaction that clears the mark: once per resolve, never lost nor doubled by a crash. It carries the
 * thread's headers (In-Reply-To, References, Reply-To), so it threads with the follow-ups and can be answered.
 * Nothing for a visitor who cannot be emailed (canEmailVisitor). Answers how many threads it took (a full batch:
 * run again).
 */
export async function queueDueTranscripts(services: CoreServices): Promise<number> {
  const { env } = services;
  return services.db.transaction(async (tx) => {
    const due = await lockDueTranscripts(tx, THREADS_PER_PASS);
    for (const t of due) {
      const isWanted = canEmailVisitor(env, {
        email: t.visitor_email,
        erasedAt: t.visitor_erased_at,
        restrictedAt: t.visitor_restricted_at,
        unsubscribedAt: t.unsubscribed_at,
      });
      const messages = isWanted
        ? await publicMessages(tx, t.organization_id, t.conversation_id, TRANSCRIPT_MAX_MESSAGES)
        : [];
      if (messages.length === 0) {
        await settleThread(tx, 'transcriptDueAt', t.organization_id, t.conversation_id);
        continue;
      }
      const messageId = `<transcript.${t.conversation_id}.${new Date(t.transcript_due_at).getTime()}@${messageIdDomain(env)}>`;
      const replyToken = t.reply_token ?? newReplyToken();
      const content = renderTranscript({
        locale: ZWidgetLocale.safeParse(t.visitor_locale).data ?? 'en',
        organizationName: t.organization_name,
        color: t.widget_settings.color ?? '#1f6feb',
        conversationNumber: t.conversation_number,
        messages: messages.map((m) => ({
          author: m.author_type === 'visitor' ? null : (m.agent_name ?? t.organization_name),
          body: m.body,
          at: new Date(m.created_at),
          files: m.files,
        })),
        unsubscribeUrl: unsubscribeUrl(env, t.conversation_id),
      });
      await enqueueThreadEmail(tx, env, t, {
        kind: 'transcript',
        ...content,
        messageId,
        replyToken,
        isAutomatic: true,
      });
      await settleThread(tx, 'transcriptDueAt', t.organization_id, t.conversation_id, { messageId, replyToken });
    }
    return due.length === THREADS_PER_PASS ? due.length : 0;
  });
}
