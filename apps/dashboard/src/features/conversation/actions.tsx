import type { TAgent, TConversation, TPriority, TRole, TTeam, TUpdateConversationRequest } from '@oceras/protocol';
import { canMoveTo } from '@oceras/protocol/status';
import { type FormEvent, useState } from 'react';
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
  if (!canChange(role, meId, conv)) {
    const owner = agents.find((a) => a.id === conv.assigneeId)?.name ?? 'a colleague';
    return (
      <div className="actions">
        <p className="muted">
          {conv.subject ? `${conv.subject} · ` : ''}Assigned to {owner}: you can read it and add internal notes.
        </p>
      </div>
    );
  }
  const isResolved = conv.status === 'resolved';
  const addTag = (e: FormEvent) => {
    e.preventDefault();
    const t = tag.trim().toLowerCase();
    if (t && !conv.tags.includes(t)) onChange({ tags: [...conv.tags, t] });
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
        <span className="sr-only">Subject</span>
        <input
          aria-label="Subject"
          placeholder="Add a subject"
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
            Assign to me
          </button>
        )}
        {canAssignOthers(role) ? (
          <select
            aria-label="Assignee"
            value={conv.assigneeId ?? ''}
            onChange={(e) => onChange({ assigneeId: e.target.value || null })}
          >
            <option value="">Unassigned</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        ) : (
          conv.assigneeId === meId && (
            <button type="button" className="btn" onClick={() => onChange({ assigneeId: null })}>
              Unassign
            </button>
          )
        )}
        {(teams.length > 0 || conv.teamId) && (
          <span className="team-field">
            <label htmlFor={`team-${conv.id}`}>Team</label>
            <select
              id={`team-${conv.id}`}
              value={conv.teamId ?? ''}
              onChange={(e) => onChange({ teamId: e.target.value || null })}
            >
              <option value="">No team</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </span>
        )}
        <select
          aria-label="Priority"
          value={conv.priority}
          onChange={(e) => onChange({ priority: e.target.value as TPriority })}
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p === 'none' ? 'No priority' : p}
            </option>
          ))}
        </select>
        {!isResolved && (
          <select
            aria-label="Snooze"
            value=""
            onChange={(e) => {
              if (e.target.value === 'pick') setSnoozeAt('');
              else if (e.target.value) onChange({ status: 'snoozed', snoozedUntil: e.target.value });
            }}
          >
            <option value="">Snooze…</option>
            <option value="pick">Until a date and time…</option>
            {snoozeOptions().map((o) => (
              <option key={o.label} value={o.at.toISOString()}>
                {o.label}
              </option>
            ))}
          </select>
        )}
        {canMoveTo(conv.status, 'pending') && (
          <button
            type="button"
            className="btn"
            title="Waiting on the visitor: out of Open, back when they write"
            onClick={() => onChange({ status: 'pending' })}
          >
            Mark pending
          </button>
        )}
        {canMoveTo(conv.status, 'open') && (
          <button type="button" className="btn" onClick={() => onChange({ status: 'open' })}>
            Reopen
          </button>
        )}
        {!isResolved && (
          <button type="button" className="btn btn-primary" onClick={() => onChange({ status: 'resolved' })}>
            Resolve
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
            aria-label="Snooze until"
            required
            value={snoozeAt}
            onChange={(e) => setSnoozeAt(e.target.value)}
          />
          <button type="submit" className="btn">
            Snooze
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => setSnoozeAt(null)}>
            Cancel
          </button>
        </form>
      )}
      {conv.status === 'snoozed' && conv.snoozedUntil && (
        <p className="muted">Snoozed until {dateTime(conv.snoozedUntil)}</p>
      )}
      <div className="tags">
        {conv.tags.map((t) => (
          <span key={t} className="tag">
            {t}
            <button
              type="button"
              aria-label={`Remove tag ${t}`}
              onClick={() => onChange({ tags: conv.tags.filter((x) => x !== t) })}
            >
              ×
            </button>
          </span>
        ))}
        <form onSubmit={addTag} className="tag-form">
          <input aria-label="Add tag" placeholder="+ tag" value={tag} onChange={(e) => setTag(e.target.value)} />
        </form>
      </div>
    </div>
  );
}
