import type { TAgent, TConversation, TPriority, TRole, TTeam, TUpdateConversationRequest } from '@oceras/protocol';
import { canMoveTo } from '@oceras/protocol/status';
import { type FormEvent, useState } from 'react';
import { fill, useStrings } from '../../i18n/i18n';
import { dateTime } from '../../lib/format';
import { canAssignOthers, canChange } from '../../lib/policy';
import { snoozeOptions } from '../../lib/snooze';

const PRIORITIES: TPriority[] = ['none', 'low', 'medium', 'high', 'urgent'];

/** Assign, team, status (resolve, snooze, reopen), priority, tags and subject. */
export function ConversationActions({
  conv,
  meId,
  role,
  agents,
  teams,
  onChange,
}: {
  conv: TConversation;
  meId: string;
  role: TRole;
  agents: TAgent[];
  teams: TTeam[];
  onChange: (b: TUpdateConversationRequest) => void;
}) {
  const [tag, setTag] = useState('');
  const [subject, setSubject] = useState<string | null>(null);
  const [snoozeAt, setSnoozeAt] = useState<string | null>(null);
  const strings = useStrings();
  const t = strings.conversation.actions;
  const desk = strings.desk;
  if (!canChange(role, meId, conv)) {
    const owner = agents.find((a) => a.id === conv.assigneeId)?.name ?? t.aColleague;
    return (
      <div className="actions">
        <p className="muted">
          {conv.subject ? `${conv.subject} · ` : ''}
          {fill(t.readOnly, { owner })}
        </p>
      </div>
    );
  }
  const isResolved = conv.status === 'resolved';
  const addTag = (e: FormEvent) => {
    e.preventDefault();
    const name = tag.trim().toLowerCase();
    if (name && !conv.tags.includes(name)) onChange({ tags: [...conv.tags, name] });
    setTag('');
  };
  const saveSubject = () => {
    if (subject === null) return;
    const s = subject.trim();
    if (s !== (conv.subject ?? '')) onChange({ subject: s || null });
    setSubject(null);
  };

  return (
    <div className="actions">
      <label className="subject">
        <span className="sr-only">{t.subject}</span>
        <input
          aria-label={t.subject}
          placeholder={t.addSubject}
          value={subject ?? conv.subject ?? ''}
          onChange={(e) => setSubject(e.target.value)}
          onBlur={saveSubject}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur();
            if (e.key === 'Escape') {
              setSubject(null);
              e.currentTarget.blur();
            }
          }}
        />
      </label>
      <div className="action-row">
        {conv.assigneeId !== meId && (
          <button type="button" className="btn" onClick={() => onChange({ assigneeId: meId })}>
            {desk.assignToMe}
          </button>
        )}
        {canAssignOthers(role) ? (
          <select
            aria-label={t.assignee}
            value={conv.assigneeId ?? ''}
            onChange={(e) => onChange({ assigneeId: e.target.value || null })}
          >
            <option value="">{desk.unassigned}</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        ) : (
          conv.assigneeId === meId && (
            <button type="button" className="btn" onClick={() => onChange({ assigneeId: null })}>
              {t.unassign}
            </button>
          )
        )}
        {(teams.length > 0 || conv.teamId) && (
          <span className="team-field">
            <label htmlFor={`team-${conv.id}`}>{t.team}</label>
            <select
              id={`team-${conv.id}`}
              value={conv.teamId ?? ''}
              onChange={(e) => onChange({ teamId: e.target.value || null })}
            >
              <option value="">{desk.noTeam}</option>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </span>
        )}
        <select
          aria-label={t.priority}
          value={conv.priority}
          onChange={(e) => onChange({ priority: e.target.value as TPriority })}
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p === 'none' ? t.noPriority : desk.priorities[p]}
            </option>
          ))}
        </select>
        {!isResolved && (
          <select
            aria-label={t.snooze}
            value=""
            onChange={(e) => {
              if (e.target.value === 'pick') setSnoozeAt('');
              else if (e.target.value) onChange({ status: 'snoozed', snoozedUntil: e.target.value });
            }}
          >
            <option value="">{t.snoozePlaceholder}</option>
            <option value="pick">{t.snoozePick}</option>
            {snoozeOptions(strings).map((o) => (
              <option key={o.id} value={o.at.toISOString()}>
                {o.label}
              </option>
            ))}
          </select>
        )}
        {canMoveTo(conv.status, 'pending') && (
          <button type="button" className="btn" title={t.pendingHelp} onClick={() => onChange({ status: 'pending' })}>
            {t.markPending}
          </button>
        )}
        {canMoveTo(conv.status, 'open') && (
          <button type="button" className="btn" onClick={() => onChange({ status: 'open' })}>
            {t.reopen}
          </button>
        )}
        {!isResolved && (
          <button type="button" className="btn btn-primary" onClick={() => onChange({ status: 'resolved' })}>
            {t.resolve}
          </button>
        )}
      </div>
      {snoozeAt !== null && (
        <form
          className="action-row"
          onSubmit={(e) => {
            e.preventDefault();
            const at = new Date(snoozeAt);
            if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) return;
            onChange({ status: 'snoozed', snoozedUntil: at.toISOString() });
            setSnoozeAt(null);
          }}
        >
          <input
            type="datetime-local"
            aria-label={t.snoozeUntil}
            required
            value={snoozeAt}
            onChange={(e) => setSnoozeAt(e.target.value)}
          />
          <button type="submit" className="btn">
            {t.snooze}
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => setSnoozeAt(null)}>
            {strings.common.cancel}
          </button>
        </form>
      )}
      {conv.status === 'snoozed' && conv.snoozedUntil && (
        <p className="muted">{fill(t.snoozedUntil, { date: dateTime(conv.snoozedUntil) })}</p>
      )}
      <div className="tags">
        {conv.tags.map((name) => (
          <span key={name} className="tag">
            {name}
            <button
              type="button"
              aria-label={fill(t.removeTag, { tag: name })}
              onClick={() => onChange({ tags: conv.tags.filter((x) => x !== name) })}
            >
              ×
            </button>
          </span>
        ))}
        <form onSubmit={addTag} className="tag-form">
          <input
            aria-label={t.addTag}
            placeholder={desk.addTagPlaceholder}
            value={tag}
            onChange={(e) => setTag(e.target.value)}
          />
        </form>
      </div>
    </div>
  );
}
