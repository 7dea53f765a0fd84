import type { TAgent } from '@oceras/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fill, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { keys } from '../../lib/queries';

/**
 * An agent's capacity (unresolved conversations automatic assignment may give them; empty: no limit), saved when
 * the field is left or Enter is pressed. While it saves, the field shows the value being saved.
 */
export function CapacityField({ agent }: { agent: TAgent }) {
  const t = useStrings().admin.agents;
  const qc = useQueryClient();
  const saved = agent.capacity === null ? '' : String(agent.capacity);
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (capacity: number | null) => api.call('updateAgent', { params: { id: agent.id }, body: { capacity } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.agents() }),
  });
  const commit = () => {
    if (draft === null) return;
    const value = draft.trim();
    setDraft(null);
    if (value === saved) return;
    setSaving(value);
    save.mutate(value === '' ? null : Math.round(Number(value)), { onSettled: () => setSaving(null) });
  };
  return (
    <span className="capacity-field">
      <input
        type="number"
        inputMode="numeric"
        min={0}
        max={1000}
        placeholder={t.noLimit}
        aria-label={fill(t.capacityOf, { name: agent.name })}
        aria-invalid={save.isError || undefined}
        value={draft ?? saving ?? saved}
        disabled={saving !== null}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
          if (e.key === 'Escape') setDraft(null);
        }}
      />
      {save.isError && (
        <span className="error" role="alert">
          {t.notSaved}
        </span>
      )}
    </span>
  );
}
