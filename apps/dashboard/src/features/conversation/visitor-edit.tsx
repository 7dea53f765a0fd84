import type { TVisitorDetail } from '@oceras/protocol';
import { CONTACT_LIMITS } from '@oceras/protocol/contact-rules';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { keys } from '../../lib/queries';

const FIELDS = [
  // LIMITS.nameMax and emailMax: the protocol's root would bring zod into the inbox's chunk.
  { key: 'name', type: 'text', max: 120 },
  { key: 'email', type: 'email', max: 254 },
  { key: 'phone', type: 'tel', max: CONTACT_LIMITS.phoneMax },
  { key: 'company', type: 'text', max: CONTACT_LIMITS.companyMax },
] as const;
type Key = (typeof FIELDS)[number]['key'];

/**
 * Rectification (privacy policy §7) and the contact's fields: any agent corrects the visitor's name, email, phone or
 * company; an empty field clears it. Used by the conversation's visitor panel and the contact page; the inbox
 * follows from the server's `conversation.updated` events.
 */
export function VisitorEdit({ visitor, onDone }: { visitor: TVisitorDetail; onDone: () => void }) {
  const qc = useQueryClient();
  const strings = useStrings();
  const t = strings.conversation.visitor;
  const [values, setValues] = useState<Record<Key, string>>({
    name: visitor.name ?? '',
    email: visitor.email ?? '',
    phone: visitor.phone ?? '',
    company: visitor.company ?? '',
  });
  const changes = Object.fromEntries(
    FIELDS.map((f) => [f.key, values[f.key].trim() || null] as const).filter(([k, v]) => v !== visitor[k]),
  ) as Partial<Record<Key, string | null>>;
  const save = useMutation({
    mutationFn: () => api.call('updateVisitor', { params: { id: visitor.id }, body: changes }),
    onSuccess: (v) => {
      qc.setQueryData(keys.visitor(v.id), v);
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (Object.keys(changes).length === 0) onDone();
    else save.mutate();
  };
  return (
    <form className="stack visitor-edit" onSubmit={submit} aria-label={t.correct}>
      {FIELDS.map((f, i) => (
        <label key={f.key}>
          {t[f.key]}
          <input
            type={f.type}
            value={values[f.key]}
            maxLength={f.max}
            // biome-ignore lint/a11y/noAutofocus: the form opens on "Edit", where the agent means to type
            autoFocus={i === 0}
            onChange={(e) => setValues((old) => ({ ...old, [f.key]: e.target.value }))}
          />
        </label>
      ))}
      <p className="muted small">{t.emptyRemoves}</p>
      {save.isError && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="btn btn-primary btn-small" disabled={save.isPending}>
          {strings.common.save}
        </button>
        <button type="button" className="btn btn-small" onClick={onDone}>
          {strings.common.cancel}
        </button>
      </div>
    </form>
  );
}
