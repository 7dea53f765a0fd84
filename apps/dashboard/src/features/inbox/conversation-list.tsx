import type { TAgent, TConversation } from '@oceras/protocol';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import { Link } from 'wouter';
import { fill, plural, useStrings } from '../../i18n/i18n';
import { agentName, relativeTime, timeAgo, visitorName } from '../../lib/format';
import { paths } from '../../lib/paths';
import { ChannelBadge } from './channel-badge';

const ROW_HEIGHT = 86;

/**
 * The virtualized inbox: only the rows in view are in the DOM, the next keyset page loads near the end. Each row has
 * a checkbox for bulk actions (`checked`, `onCheck(id, isRange)`: a shift-click picks a range).
 */
export function ConversationList({
  items,
  hasMore,
  onLoadMore,
  selectedId,
  agents,
  label,
  checked,
  onCheck,
}: {
  items: TConversation[];
  hasMore: boolean;
  onLoadMore: () => void;
  selectedId: string | null;
  agents: TAgent[] | undefined;
  label: string;
  checked: ReadonlySet<string>;
  onCheck: (id: string, isRange: boolean) => void;
}) {
  const parentRef = useRef<HTMLDivElement>(null);
  const t = useStrings().inbox;
  const v = useVirtualizer({
    count: items.length + (hasMore ? 1 : 0),
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const rows = v.getVirtualItems();
  const lastIndex = rows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && lastIndex >= items.length - 5) onLoadMore();
  }, [hasMore, lastIndex, items.length, onLoadMore]);

  const selectedIndex = selectedId ? items.findIndex((c) => c.id === selectedId) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) v.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, v]);

  return (
    <nav ref={parentRef} className="list-scroll" aria-label={label}>
      <ul className="list-inner" style={{ height: v.getTotalSize() }}>
        {rows.map((r) => {
          const c = items[r.index];
          return (
            <li
              key={c?.id ?? 'more'}
              className={`list-row ${c && checked.has(c.id) ? 'list-row-checked' : ''}`}
              style={{ transform: `translateY(${r.start}px)` }}
              data-conversation-id={c?.id}
            >
              {c ? (
                <>
                  <input
                    type="checkbox"
                    className="conv-check"
                    aria-label={fill(t.selectConversation, { number: c.number })}
                    checked={checked.has(c.id)}
                    onChange={(e) => onCheck(c.id, (e.nativeEvent as MouseEvent).shiftKey === true)}
                  />
                  <Row c={c} isSelected={c.id === selectedId} assignee={agentName(agents, c.assigneeId)} />
                </>
              ) : (
                <span className="muted list-more">{t.loadingMore}</span>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

const Row = memo(function Row({
  c,
  isSelected,
  assignee,
}: {
  c: TConversation;
  isSelected: boolean;
  assignee: string;
}) {
  // Read here too: a memo row renders again when the language changes.
  const strings = useStrings();
  const t = strings.inbox;
  const isUnread = c.unreadCount > 0;
  const name = visitorName(c);
  return (
    <Link
      href={paths.conversation(c.id)}
      className={`conv ${isSelected ? 'conv-selected' : ''} ${isUnread ? 'conv-unread' : ''}`}
      aria-current={isSelected ? 'page' : undefined}
    >
      <span className="conv-top">
        <span className="conv-name">
          {isUnread && <span className="unread-dot" aria-hidden="true" />}
          {name}
        </span>
        <time className="conv-time" dateTime={c.lastActivityAt} title={relativeTime(c.lastActivityAt)}>
          {timeAgo(c.lastActivityAt)}
        </time>
      </span>
      <span className="conv-subject">
        {c.subject ? `${c.subject} · ` : ''}
        <span className="muted">{c.lastMessagePreview ?? t.noMessages}</span>
      </span>
      <span className="conv-meta">
        <span className={`pill status-${c.status}`}>{strings.desk.statuses[c.status]}</span>
        <ChannelBadge conv={c} />
        {c.priority !== 'none' && (
          <span className={`pill prio-${c.priority}`}>{strings.desk.priorities[c.priority]}</span>
        )}
        <span className="muted conv-assignee">
          #{c.number} · {c.assigneeId ? assignee : t.unassigned}
        </span>
        {isUnread && (
          <span className="badge" role="status" aria-label={plural(t.unreadCount, c.unreadCount)}>
            {c.unreadCount}
          </span>
        )}
      </span>
    </Link>
  );
});
