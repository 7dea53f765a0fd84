import { randomBytes } from 'node:crypto';
import { ZWidgetLocale } from '@oceras/protocol';
import type { CoreServices } from '../../services.js';
import { isProcessable } from '../privacy/privacy.policy.js';
import { type DueThread, enqueueEmail, lockDueThreads, repliesAfter, settleThread } from './email.repo.js';
import { hasEmailFollowUp } from './followup-policy.js';
import { renderFollowUp } from './followup-templates.js';
import { unsubscribeKey } from './unsubscribe-link.js';

const THREADS_PER_PASS = 50;
/**
 * A reply marked longer ago than the delay and this is not emailed any more: marks left while the server had no
 * SMTP_URL (or was down for a day) would otherwise send old news the day email is turned on.
 */
const STALE_AFTER_MS = 24 * 3600_000;
/** The path of the one-click unsubscribe (plugins/email-routes.ts). */
export const UNSUBSCRIBE_PATH = '/api/v1/email/unsubscribe';

/** The domain of the server's Message-IDs: the reply domain, else PUBLIC_URL's host. */
export const messageIdDomain = (env: CoreServices['env']) => env.REPLY_DOMAIN ?? new URL(env.PUBLIC_URL).hostname;

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
        await settleThread(tx, t.organization_id, t.conversation_id);
        continue;
      }
      const lastSeq = replies.at(-1)!.seq;
      const domain = messageIdDomain(env);
      const messageId = `<followup.${t.conversation_id}.${lastSeq}@${domain}>`;
      const replyToken = t.reply_token ?? randomBytes(24).toString('base64url');
      const unsubscribeUrl = `${env.PUBLIC_URL.replace(/\/$/, '')}${UNSUBSCRIBE_PATH}/${unsubscribeKey(env.JWT_SECRET, t.conversation_id)}`;
      const locale = ZWidgetLocale.safeParse(t.visitor_locale).data ?? 'en';
      const content = renderFollowUp({
        locale,
        organizationName: t.organization_name,
        color: t.widget_settings.color ?? '#1f6feb',
        replies: replies.map((r) => ({
          agentName: r.agent_name ?? t.organization_name,
          body: r.body,
          at: r.created_at,
        })),
        link: t.visitor_page_url ?? `${env.PUBLIC_URL.replace(/\/$/, '')}/widget/frame.html?key=${t.widget_key}`,
        unsubscribeUrl,
        canReply: Boolean(env.REPLY_DOMAIN),
      });
      const previous = t.message_ids.slice(-10);
      await enqueueEmail(tx, t.organization_id, {
        kind: 'followup',
        conversationId: t.conversation_id,
        visitorId: t.visitor_id,
        recipient: t.visitor_email!,
        ...content,
        messageId,
        headers: {
          ...(previous.length > 0 && { 'In-Reply-To': previous.at(-1)!, References: previous.join(' ') }),
          ...(env.REPLY_DOMAIN && { 'Reply-To': `reply+${replyToken}@${env.REPLY_DOMAIN}` }),
          'List-Unsubscribe': `<${unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          // RFC 3834: an automatic message; auto-responders must not answer it (no loops).
          'Auto-Submitted': 'auto-generated',
          'X-Oceras-Conversation': String(t.conversation_number),
        },
      });
      await settleThread(tx, t.organization_id, t.conversation_id, { lastSeq, messageId, replyToken });
    }
    return due.length === THREADS_PER_PASS ? due.length : 0;
  });
}

function isWanted(services: CoreServices, t: DueThread) {
  return (
    hasEmailFollowUp(services.env, { emailFollowup: t.email_followup }) &&
    t.visitor_email !== null &&
    t.visitor_erased_at === null &&
    isProcessable({ restrictedAt: t.visitor_restricted_at }) &&
    t.unsubscribed_at === null
  );
}
