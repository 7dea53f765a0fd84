import type { TBulkConversationChange, TBulkResult, TConversationStatus } from '@oceras/protocol';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fill, plural, type Strings, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage, refusalText } from '../../lib/errors';
import { useLiveSync } from '../../lib/live-sync-provider';
import { canAssignOthers } from '../../lib/policy';
import { useAgents, useMe, useTeams } from '../../lib/queries';
import { snoozeOptions } from '../../lib/snooze';

const STATUSES: TConversationStatus[] = ['open', 'pending', 'resolved'];

/** What the server refused, per conversation, in a sentence ("2 not changed: assigned to a colleague"). */
function refusals(results: TBulkResult[], t: Strings) {
  const failed = results.flatMap((r) => (r.ok ? [] : [r.error]));
  if (failed.length === 0) return null;
  const reasons = [...new Set(failed.map(refusalText))];
  return fill(plural(t.inbox.bulk.notChanged, failed.length), { reasons: reasons.join('; ') });
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
  const strings = useStrings();
  const t = strings.inbox.bulk;
  const desk = strings.desk;
  // The counts follow by themselves: each changed conversation's event refetches them (live-sync.ts).
  const apply = useMutation({
    mutationFn: (change: TBulkConversationChange) => api.call('bulkUpdateConversations', { body: { ids, change } }),
    onSuccess: ({ results }) => {
      for (const r of results) if (r.ok) live.upsertConversation(r.conversation);
      const refused = refusals(results, strings);
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
    const name = tag.trim().toLowerCase();
    if (name) run({ addTags: [name] });
    setTag('');
  };

  return (
    <section className="bulk-bar" aria-label={t.title}>
      <div className="bulk-row">
        <strong role="status">{plural(t.selected, ids.length)}</strong>
        <button type="button" className="btn btn-small" onClick={() => run({ assigneeId: me.id })}>
          {desk.assignToMe}
        </button>
        {canAssignOthers(me.role) && (
          <PickOne
            label={t.assignTo}
            placeholder={t.assignToPlaceholder}
            choices={[
              { value: 'none', label: desk.unassigned },
              ...agents.map((a) => ({ value: a.id, label: a.name })),
            ]}
            onPick={(v) => run({ assigneeId: v === 'none' ? null : v })}
          />
        )}
        <PickOne
          label={t.setStatus}
          placeholder={t.statusPlaceholder}
          choices={STATUSES.map((s) => ({ value: s, label: desk.statusChoices[s] }))}
          onPick={(v) => run({ status: v as TConversationStatus })}
        />
        <PickOne
          label={t.snooze}
          placeholder={t.snoozePlaceholder}
          choices={snoozeOptions(strings).map((o) => ({ value: o.at.toISOString(), label: o.label }))}
          onPick={(v) => run({ status: 'snoozed', snoozedUntil: v })}
        />
        {teams.length > 0 && (
          <PickOne
            label={t.team}
            placeholder={t.teamPlaceholder}
            choices={[{ value: 'none', label: desk.noTeam }, ...teams.map((x) => ({ value: x.id, label: x.name }))]}
            onPick={(v) => run({ teamId: v === 'none' ? null : v })}
          />
        )}
        <form onSubmit={addTag} className="bulk-tag">
          <input
            aria-label={t.tag}
            placeholder={desk.addTagPlaceholder}
            value={tag}
            onChange={(e) => setTag(e.target.value)}
          />
        </form>
        <button type="button" className="btn btn-ghost btn-small" onClick={onDone}>
          {t.clear}
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
