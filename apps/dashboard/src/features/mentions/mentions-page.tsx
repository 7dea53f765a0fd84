import { mentionsByConversation } from '@oceras/protocol/mention-text';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { dateTime, timeAgo } from '../../lib/format';
import { paths } from '../../lib/paths';
import { keys, queries } from '../../lib/queries';
import './mentions.css';

/**
 * Mentions: the conversations where colleagues mentioned me (`@name` in an internal note), newest first, unread
 * ones marked. Opening one marks its mentions read (conversation-view.tsx). Loaded on first visit.
 */
export function MentionsPage() {
  const qc = useQueryClient();
  const mentions = useQuery(queries.mentions());
  const readAll = useMutation({
    mutationFn: () => api.call('markMentionsRead', { body: {} }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.mentions() }),
  });
  const rows = mentionsByConversation(mentions.data?.mentions ?? []);
  const unread = mentions.data?.unreadCount ?? 0;
  return (
    <section className="page mentions-page" aria-labelledby="mentions-title">
      <div className="mentions-head">
        <h1 id="mentions-title">Mentions</h1>
        {unread > 0 && (
          <button type="button" className="btn btn-small" disabled={readAll.isPending} onClick={() => readAll.mutate()}>
            Mark all read
          </button>
        )}
      </div>
      {mentions.isError || readAll.isError ? (
        <p className="error" role="alert">
          {errorMessage(mentions.error ?? readAll.error)}
        </p>
      ) : mentions.isPending ? (
        <p className="empty" aria-busy="true">
          Loading…
        </p>
      ) : rows.length === 0 ? (
        <p className="empty">Nobody has mentioned you yet. Colleagues write @ and your name in a note.</p>
      ) : (
        <ul className="mentions-list" aria-label="Conversations where you were mentioned">
          {rows.map(({ latest, count, isUnread }) => (
            <li key={latest.conversationId} className={isUnread ? 'is-unread' : ''}>
              <Link href={paths.conversation(latest.conversationId)} className="mention-row">
                <span className="mention-title">
                  #{latest.conversationNumber} · {latest.author?.name ?? 'A colleague'} mentioned you
                  {count > 1 && <span className="muted"> ({count} times)</span>}
                  {isUnread && <span className="sr-only"> (unread)</span>}
                </span>
                <span className="mention-excerpt">{latest.excerpt}</span>
                <time dateTime={latest.createdAt} title={dateTime(latest.createdAt)} className="muted">
                  {timeAgo(latest.createdAt)}
                </time>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
