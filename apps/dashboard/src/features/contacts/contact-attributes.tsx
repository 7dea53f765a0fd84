import type { TVisitorDetail } from '@oceras/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fill, fillNodes, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { keys } from '../../lib/queries';

/** A key as the server takes it (ATTRIBUTE_KEY_PATTERN): a letter, then letters, digits or `_`, 40 at most. */
const KEY_PATTERN = '[A-Za-z][A-Za-z0-9_]{0,39}';

/**
 * Custom attributes: what the site set with Oceras.update(), and what agents add or change here (merged by the same
 * rule: a removed one is sent as null). Values typed here are text.
 */
export function ContactAttributes({ visitor, isEditable }: { visitor: TVisitorDetail; isEditable: boolean }) {
  const t = useStrings().contacts.attributes;
  const qc = useQueryClient();
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const save = useMutation({
    mutationFn: (update: Record<string, string | null>) =>
      api.call('updateVisitor', { params: { id: visitor.id }, body: { customAttributes: update } }),
    onSuccess: (v) => qc.setQueryData(keys.visitor(v.id), v),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!key.trim() || !value.trim()) return;
    save.mutate(
      { [key.trim()]: value.trim() },
      {
        onSuccess: () => {
          setKey('');
          setValue('');
        },
      },
    );
  };
  const entries = Object.entries(visitor.customAttributes);
  return (
    <section className="card" aria-labelledby="contact-attributes-title">
      <h2 id="contact-attributes-title">{t.title}</h2>
      <p className="muted">{fillNodes(t.help, { update: <code>Oceras.update</code> })}</p>
      {entries.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <dl className="facts">
          {entries.map(([k, v]) => (
            <div key={k} className="attribute-row">
              <dt className="attribute">{k}</dt>
              <dd>
                {String(v)}
                {isEditable && (
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    aria-label={fill(t.remove, { key: k })}
                    disabled={save.isPending}
                    onClick={() => save.mutate({ [k]: null })}
                  >
                    ×
                  </button>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {isEditable && (
        <form className="inline-form" onSubmit={submit} aria-label={t.setTitle}>
          <label>
            {t.attribute}
            <input value={key} pattern={KEY_PATTERN} maxLength={40} onChange={(e) => setKey(e.target.value)} />
          </label>
          <label>
            {t.value}
            <input value={value} maxLength={500} onChange={(e) => setValue(e.target.value)} />
          </label>
          <button type="submit" className="btn btn-small" disabled={save.isPending}>
            {t.set}
          </button>
        </form>
      )}
      {save.isError && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
    </section>
  );
}
