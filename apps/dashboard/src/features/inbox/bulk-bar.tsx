import type { TBulkConversationChange, TBulkResult, TConversationStatus } from '@oceras/protocol';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { useLiveSync } from '../../lib/live-sync-provider';
import { canAssignOthers } from '../../lib/policy';
import { useAgents, useMe, useTeams } from '../../lib/queries';
import { snoozeOptions } from '../../lib/snooze';

const STATUSES: { value: TConversationStatus; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'pending', label: 'Pending' },
  { value: 'resolved', label: 'Resolved' },
];

/** What the server refused, per conversation, in a sentence ("2 not changed: assigned to a colleague"). */
function refusals(results: TBulkResult[]) {
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return null;
  const reasons = [...new Set(failed.map((r) => (r.ok ? '' : r.error.message)))];
  return `${failed.length} not changed: ${reasons.join('; ')}`;
}

/**
 * The selected conversations' actions: one request (bulkUpdateConversations) with one change; each conversation is
 * changed on its own on the server, and the answers update the lists as the single update's answer does.
 */
export default function BulkBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const live = useLiveSync();
  const me = useMe().data!.agent;
  const agents = useAgents().data?.agents ?? [];
  const teams = useTeams().data?.teams ?? [];
  const [tag, setTag] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  // The counts follow by themselves: each changed conversation's event refetches them (live-sync.ts).
  const apply = useMutation({
    mutationFn: (change: TBulkConversationChange) => api.call('bulkUpdateConversations', { body: { ids, change } }),
    onSuccess: ({ results }) => {
      for (const r of results) if (r.ok) live.upsertConversation(r.conversation);
      const refused = refusals(results);
      setNotice(refused);
      if (!refused) onDone();
    },
  });
  const run = (change: TBulkConversationChange) => {
    setNotice(null);
    apply.mutate(change);
  };
  const addTag = (e: FormEvent) => {
    e.preventDefault();
    const t = tag.trim().toLowerCase();
    if (t) run({ addTags: [t] });
    setTag('');
  };

  return (
    <section className="bulk-bar" aria-label="Bulk actions">
      <div className="bulk-row">
        <strong role="status">{ids.length} selected</strong>
        <button type="button" className="btn btn-small" onClick={() => run({ assigneeId: me.id })}>
          Assign to me
        </button>
        {canAssignOthers(me.role) && (
          <select
            aria-label="Assign selected to"
            value=""
            onChange={(e) => e.target.value && run({ assigneeId: e.target.value === 'none' ? null : e.target.value })}
          >
            <option value="">Assign to…</option>
            <option value="none">Unassigned</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        )}
        <select
          aria-label="Set status of selected"
          value=""
          onChange={(e) => e.target.value && run({ status: e.target.value as TConversationStatus })}
        >
          <option value="">Status…</option>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        <select
          aria-label="Snooze selected"
          value=""
          onChange={(e) => e.target.value && run({ status: 'snoozed', snoozedUntil: e.target.value })}
        >
          <option value="">Snooze…</option>
          {snoozeOptions().map((o) => (
            <option key={o.label} value={o.at.toISOString()}>
              {o.label}
            </option>
          ))}
        </select>
        {teams.length > 0 && (
          <select
            aria-label="Move selected to team"
            value=""
            onChange={(e) => e.target.value && run({ teamId: e.target.value === 'none' ? null : e.target.value })}
          >
            <option value="">Team…</option>
            <option value="none">No team</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        )}
        <form onSubmit={addTag} className="bulk-tag">
          <input aria-label="Tag selected" placeholder="+ tag" value={tag} onChange={(e) => setTag(e.target.value)} />
        </form>
        <button type="button" className="btn btn-ghost btn-small" onClick={onDone}>
          Clear selection
        </button>
      </div>
      {(notice || apply.isError) && (
        <p className="error" role="alert">
          {notice ?? errorMessage(apply.error)}
        </p>
      )}
    </section>
  );
}
