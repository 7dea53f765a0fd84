import { mentionsByConversation } from '@oceras/protocol/mention-text';
import { NOTICE_KINDS_QUERY } from '@oceras/protocol/notices';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { currentLocale, plural, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { dateTime, timeAgo } from '../../lib/format';
import { paths } from '../../lib/paths';
import { keys, queries } from '../../lib/queries';
import './mentions.css';
import { noticeTitle } from './notice-title';

/**
 * Mentions: the conversations where colleagues mentioned me (`@name` in an internal note), and the low ratings I am
 * told of (the visitor's comment, the rating in my words), newest first, unread ones marked. Opening one marks its mentions read (conversation-view.tsx). Loaded on first visit.
 */
export function MentionsPage() {
  const strings = useStrings();
  const t = strings.mentions;
  const locale = currentLocale();
  const qc = useQueryClient();
  const mentions = useQuery(queries.mentions());
  const readAll = useMutation({
    mutationFn: () => api.call('markMentionsRead', { body: { kinds: NOTICE_KINDS_QUERY } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.mentions() }),
  });
  const rows = mentionsByConversation(mentions.data?.mentions ?? []);
  const unread = mentions.data?.unreadCount ?? 0;
  return (
    <section className="page mentions-page" aria-labelledby="mentions-title">
      <div className="mentions-head">
        <h1 id="mentions-title">{t.title}</h1>
        {unread > 0 && (
          <button type="button" className="btn btn-small" disabled={readAll.isPending} onClick={() => readAll.mutate()}>
            {t.markAllRead}
          </button>
        )}
      </div>
      {mentions.isError || readAll.isError ? (
        <p className="error" role="alert">
          {errorMessage(mentions.error ?? readAll.error)}
        </p>
      ) : mentions.isPending ? (
        <p className="empty" aria-busy="true">
          {strings.common.loading}
        </p>
      ) : rows.length === 0 ? (
        <p className="empty">{t.none}</p>
      ) : (
        <ul className="mentions-list" aria-label={t.list}>
          {rows.map(({ latest, count, isUnread }) => (
            <li key={`${latest.kind ?? 'mention'}:${latest.conversationId}`} className={isUnread ? 'is-unread' : ''}>
              <Link href={paths.conversation(latest.conversationId)} className="mention-row">
                <span className="mention-title">
                  #{latest.conversationNumber} · {noticeTitle(latest, strings)}
                  {count > 1 && <span className="muted"> ({plural(t.times, count)})</span>}
                  {isUnread && <span className="sr-only"> ({t.unread})</span>}
                </span>
                <span className="mention-excerpt">{latest.excerpt}</span>
                <time dateTime={latest.createdAt} title={dateTime(latest.createdAt, locale)} className="muted">
                  {timeAgo(latest.createdAt, Date.now(), locale)}
                </time>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
