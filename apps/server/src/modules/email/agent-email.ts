import { inTransaction } from '../../db/transaction.js';
import type { CoreServices } from '../../services.js';
import { notificationSettings } from '../push/notification-settings.js';
import { shorten } from '../push/push-recipients.js';
import {
  agentsWithDueNotices,
  findNoticeRecipient,
  lockPendingNotices,
  postponeNotices,
  settleNotices,
} from './agent-email.repo.js';
import { agentLanguage } from './agent-email-i18n/index.js';
import { emailDueAt, isStillNews, mayEmailAgent } from './agent-email-policy.js';
import { renderAgentNotice } from './agent-email-templates.js';
import { enqueueEmail } from './email.repo.js';
import { messageIdDomain } from './thread-email.js';

const AGENTS_PER_PASS = 50;

/**
 * The agents' email pass (run by the email worker, beside the follow-ups): each agent with a due notice is decided
 * in one transaction that locks their pending notices, queues at most one email in the outbox and settles the
 * notices, so a crash neither loses nor doubles it (the outbox then sends it once). The rule is
 * agent-email-policy.ts: a digest agent's notices wait until a digest period after the first; an agent online,
 * removed, restricted or with emails off gets none; only what is still news is listed. Answers how many agents it
 * took (a full batch: run again).
 */
export async function queueAgentEmails(services: CoreServices): Promise<number> {
  const due = await agentsWithDueNotices(services.db, AGENTS_PER_PASS);
  for (const d of due) await decideAgent(services, d.organization_id, d.agent_id);
  return due.length === AGENTS_PER_PASS ? due.length : 0;
}

async function decideAgent(services: CoreServices, organizationId: string, agentId: string) {
  const { env } = services;
  await inTransaction(services, async (tx) => {
    const notices = await lockPendingNotices(tx, organizationId, agentId);
    const agent = await findNoticeRecipient(tx, organizationId, agentId);
    if (notices.length === 0 || !agent) return;
    const ids = notices.map((n) => n.id);
    const settings = notificationSettings(agent.settings);
    const facts = {
      settings,
      isGone: agent.is_gone,
      isRestricted: agent.is_restricted,
      isOnline: services.presence.isConnected(agentId),
    };
    if (!mayEmailAgent(facts)) return settleNotices(tx, organizationId, ids, 'skipped');
    const dueAt = emailDueAt(settings, new Date(notices[0]!.created_at), env.AGENT_EMAIL_DIGEST_SECONDS);
    if (dueAt.getTime() > Date.now()) return postponeNotices(tx, organizationId, ids, dueAt);
    const now = new Date();
    const news = notices.filter((n) =>
      isStillNews(
        {
          kind: n.kind,
          dueAt: emailDueAt(settings, new Date(n.created_at), env.AGENT_EMAIL_DIGEST_SECONDS),
          readAt: n.read_at,
          isStillAssigned: n.is_still_assigned,
          isResolved: n.is_resolved,
        },
        now,
      ),
    );
    const newsIds = new Set(news.map((n) => n.id));
    await settleNotices(
      tx,
      organizationId,
      ids.filter((id) => !newsIds.has(id)),
      'skipped',
    );
    if (news.length === 0) return;
    const base = env.PUBLIC_URL.replace(/\/$/, '');
    const content = renderAgentNotice({
      language: agentLanguage(agent.language),
      agentName: agent.name,
      organizationName: agent.organization_name,
      color: agent.widget_settings.color ?? '#1f6feb',
      isDigest: settings.email === 'digest',
      items: news.map((n) => ({
        kind: n.kind,
        conversationNumber: n.conversation_number,
        authorName: n.author_name,
        excerpt:
          n.kind === 'mention' && n.note_body
            ? shorten(n.note_body)
            : n.kind === 'low_rating' && n.rating_comment
              ? shorten(n.rating_comment)
              : null,
        score: n.rated_score,
        scale: n.rated_scale,
        link: `${base}/conversations/${n.conversation_id}`,
      })),
      settingsLink: `${base}/account`,
    });
    await enqueueEmail(tx, organizationId, {
      kind: 'agent_notice',
      conversationId: news.length === 1 ? news[0]!.conversation_id : null,
      recipient: agent.email,
      ...content,
      messageId: `<agent-notice.${news[0]!.id}@${messageIdDomain(env)}>`,
      // RFC 3834: an automatic message; auto-responders must not answer it.
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    await settleNotices(tx, organizationId, [...newsIds], 'sent');
  });
}
