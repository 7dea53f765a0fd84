import { CONTACT_LIMITS } from '@oceras/protocol/contact-rules';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { currentLocale, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { dateTime, timeAgo } from '../../lib/format';
import { isManager } from '../../lib/policy';
import { queries } from '../../lib/queries';
import { contactQueries } from './contact-queries';

/** The agents' notes about a contact, newest first; never shown to the visitor. Their author or a manager deletes one. */
export function ContactNotes({ visitorId, isWritable }: { visitorId: string; isWritable: boolean }) {
  const t = useStrings().contacts.notes;
  const locale = currentLocale();
  const qc = useQueryClient();
  const me = useQuery(queries.me()).data?.agent;
  const notes = useQuery(contactQueries.notes(visitorId));
  const [body, setBody] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: contactQueries.notes(visitorId).queryKey });
  const add = useMutation({
    mutationFn: (text: string) => api.call('createVisitorNote', { params: { id: visitorId }, body: { body: text } }),
    onSuccess: async () => {
      setBody('');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (noteId: string) => api.call('deleteVisitorNote', { params: { id: visitorId, noteId } }),
    onSuccess: refresh,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body.trim()) add.mutate(body.trim());
  };
  return (
    <section className="card" aria-labelledby="contact-notes-title">
      <h2 id="contact-notes-title">{t.title}</h2>
      {isWritable && (
        <form className="stack" onSubmit={submit} aria-label={t.addTitle}>
          <label>
            {t.newNote}
            <textarea
              rows={3}
              value={body}
              maxLength={CONTACT_LIMITS.noteMax}
              placeholder={t.placeholder}
              onChange={(e) => setBody(e.target.value)}
            />
          </label>
          <div>
            <button type="submit" className="btn btn-small btn-primary" disabled={add.isPending || !body.trim()}>
              {t.add}
            </button>
          </div>
        </form>
      )}
      {(add.isError || remove.isError || notes.isError) && (
        <p className="error" role="alert">
          {errorMessage(add.error ?? remove.error ?? notes.error)}
        </p>
      )}
      {notes.data?.notes.length === 0 && <p className="muted">{t.none}</p>}
      <ul className="plain-list contact-notes" aria-label={t.list}>
        {notes.data?.notes.map((n) => (
          <li key={n.id} className="contact-note">
            <p className="note-body">{n.body}</p>
            <p className="muted small">
              {n.author?.name ?? t.deletedAgent} ·{' '}
              <span title={dateTime(n.createdAt, locale)}>{timeAgo(n.createdAt, Date.now(), locale)}</span>
              {me && (n.author?.id === me.id || isManager(me.role)) && (
                <button
                  type="button"
                  className="btn btn-small btn-ghost"
                  aria-label={t.deleteThis}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(n.id)}
                >
                  {t.delete}
                </button>
              )}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
