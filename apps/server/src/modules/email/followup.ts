import { ZWidgetLocale } from '@oceras/protocol';
import type { CoreServices } from '../../services.js';
import { type DueThread, lockDueThreads, repliesAfter, settleThread } from './email.repo.js';
import { canEmailVisitor, hasEmailFollowUp } from './followup-policy.js';
import { renderEmailAnswer, renderFollowUp } from './followup-templates.js';
import { enqueueThreadEmail, messageIdDomain, newReplyToken, unsubscribeUrl } from './thread-email.js';

const THREADS_PER_PASS = 50;
/**
 * A reply marked longer ago than the delay and this is not emailed any more: marks left while the server had no
 * SMTP_URL (or was down for a day) would otherwise send old news the day email is turned on.
 */
const STALE_AFTER_MS = 24 * 3600_000;
/**
 * The follow-up pass (run by the email worker): each thread whose first unemailed agent reply is older than the
 * organization's delay becomes at most one email with every reply the visitor has not read since the last one
 * (batched), queued in the same transaction that clears the thread's mark, so a crash neither loses nor doubles it.
 * Nothing is queued for a visitor without an email, erased or restricted (isProcessable), an unsubscribed thread,
 * an organization that turned follow-ups off, or replies the visitor read meanwhile. Notes never: only
 * `type = 'message'` from agents is read. Answers how many threads it took (a full batch: run again).
 */
export async function queueDueFollowUps(services: CoreServices): Promise<number> {
  const { env } = services;
  return services.db.transaction(async (tx) => {
    const due = await lockDueThreads(tx, env.EMAIL_FOLLOWUP_DELAY_SECONDS, THREADS_PER_PASS);
    for (const t of due) {
      const from = Math.max(t.visitor_last_read_seq, t.last_emailed_seq);
      const isStale = Date.now() - new Date(t.pending_since).getTime() > STALE_AFTER_MS;
      const replies =
        !isStale && isWanted(services, t) ? await repliesAfter(tx, t.organization_id, t.conversation_id, from) : [];
      if (replies.length === 0) {
        await settleThread(tx, 'pendingSince', t.organization_id, t.conversation_id);
        continue;
      }
      const lastSeq = replies.at(-1)!.seq;
      const messageId = `<followup.${t.conversation_id}.${lastSeq}@${messageIdDomain(env)}>`;
      const replyToken = t.reply_token ?? newReplyToken();
      const locale = ZWidgetLocale.safeParse(t.visitor_locale).data ?? 'en';
      const frame = { locale, organizationName: t.organization_name, color: t.widget_settings.color ?? '#1f6feb' };
      const answers = replies.map((r) => ({
        agentName: r.agent_name ?? t.organization_name,
        body: r.body,
        at: r.created_at,
      }));
      const isEmailChannel = t.channel === 'email';
      const content = isEmailChannel
        ? renderEmailAnswer({
            ...frame,
            subject: t.subject,
            replies: answers,
            unsubscribeUrl: unsubscribeUrl(env, t.conversation_id),
          })
        : renderFollowUp({
            ...frame,
            replies: answers,
            link: t.visitor_page_url ?? `${env.PUBLIC_URL.replace(/\/$/, '')}/widget/frame.html?key=${t.widget_key}`,
            unsubscribeUrl: unsubscribeUrl(env, t.conversation_id),
            canReply: Boolean(env.REPLY_DOMAIN),
          });
      await enqueueThreadEmail(tx, env, t, {
        kind: 'followup',
        ...content,
        messageId,
        replyToken,
        isAutomatic: !isEmailChannel,
      });
      await settleThread(tx, 'pendingSince', t.organization_id, t.conversation_id, { lastSeq, messageId, replyToken });
    }
    return due.length === THREADS_PER_PASS ? due.length : 0;
  });
}

/** The organization's follow-up switch is for widget visitors; an email conversation's answers always leave. */
function isWanted(services: CoreServices, t: DueThread) {
  return (
    (t.channel === 'email' || hasEmailFollowUp(services.env, { emailFollowup: t.email_followup })) &&
    canEmailVisitor(services.env, {
      email: t.visitor_email,
      erasedAt: t.visitor_erased_at,
      restrictedAt: t.visitor_restricted_at,
      unsubscribedAt: t.unsubscribed_at,
    })
  );
}
