import { LIMITS, type TVisitorDetail } from '@oceras/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { keys } from '../../lib/queries';

/**
 * Rectification (privacy policy §7): any agent corrects the visitor's name or email; an empty field clears it. The
 * inbox follows from the server's `conversation.updated` events.
 */
export function VisitorEdit({ visitor, onDone }: { visitor: TVisitorDetail; onDone: () => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState(visitor.name ?? '');
  const [email, setEmail] = useState(visitor.email ?? '');
  const save = useMutation({
    mutationFn: () => {
      const n = name.trim() || null;
      const e = email.trim() || null;
      return api.call('updateVisitor', {
        params: { id: visitor.id },
        body: { ...(n !== visitor.name ? { name: n } : {}), ...(e !== visitor.email ? { email: e } : {}) },
      });
    },
    onSuccess: (v) => {
      qc.setQueryData(keys.visitor(v.id), v);
      onDone();
    },
  });
  const isUnchanged = (name.trim() || null) === visitor.name && (email.trim() || null) === visitor.email;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (isUnchanged) onDone();
    else save.mutate();
  };
  return (
    <form className="stack visitor-edit" onSubmit={submit} aria-label="Correct the visitor's details">
      <label>
        Name
        {/* biome-ignore lint/a11y/noAutofocus: the form opens on "Edit", where the agent means to type */}
        <input value={name} autoFocus maxLength={LIMITS.nameMax} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Email
        <input type="email" value={email} maxLength={LIMITS.emailMax} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <p className="muted small">Leave a field empty to remove it.</p>
      {save.isError && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="btn btn-primary btn-small" disabled={save.isPending}>
          Save
        </button>
        <button type="button" className="btn btn-small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
