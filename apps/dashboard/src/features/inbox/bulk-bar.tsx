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
          <PickOne
            label="Assign selected to"
            placeholder="Assign to…"
            choices={[{ value: 'none', label: 'Unassigned' }, ...agents.map((a) => ({ value: a.id, label: a.name }))]}
            onPick={(v) => run({ assigneeId: v === 'none' ? null : v })}
          />
        )}
        <PickOne
          label="Set status of selected"
          placeholder="Status…"
          choices={STATUSES}
          onPick={(v) => run({ status: v as TConversationStatus })}
        />
        <PickOne
          label="Snooze selected"
          placeholder="Snooze…"
          choices={snoozeOptions().map((o) => ({ value: o.at.toISOString(), label: o.label }))}
          onPick={(v) => run({ status: 'snoozed', snoozedUntil: v })}
        />
        {teams.length > 0 && (
          <PickOne
            label="Move selected to team"
            placeholder="Team…"
            choices={[{ value: 'none', label: 'No team' }, ...teams.map((t) => ({ value: t.id, label: t.name }))]}
            onPick={(v) => run({ teamId: v === 'none' ? null : v })}
          />
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

/** A menu that acts as soon as a choice is picked, then shows its placeholder again. */
function PickOne({
  label,
  placeholder,
  choices,
  onPick,
}: {
  label: string;
  placeholder: string;
  choices: { value: string; label: string }[];
  onPick: (value: string) => void;
}) {
  return (
    <select aria-label={label} value="" onChange={(e) => e.target.value && onPick(e.target.value)}>
      <option value="">{placeholder}</option>
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}
