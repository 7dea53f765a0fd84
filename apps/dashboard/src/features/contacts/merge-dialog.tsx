import type { TContact, TVisitorDetail } from '@oceras/protocol';
import { CONTACT_LIMITS } from '@oceras/protocol/contact-rules';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useLocation } from 'wouter';
import { fill, fillNodes, type Strings, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { paths } from '../../lib/paths';
import { keys } from '../../lib/queries';
import { ConfirmDialog } from '../shell/confirm-dialog';
import { contactListsKey, contactQueries } from './contact-queries';

const labelOf = (c: Pick<TContact, 'name' | 'email' | 'id'>, t: Strings['contacts']) =>
  [c.name, c.email].filter(Boolean).join(' · ') || fill(t.unnamed, { id: c.id.slice(0, 8) });

/**
 * Merge this contact into another: the agent finds the one to keep by search, picks it, and confirms. This one's
 * conversations and notes move there and it is deleted (the server refuses, with a sentence, what cannot be merged).
 */
export function MergeDialog({ visitor, onClose }: { visitor: TVisitorDetail; onClose: () => void }) {
  const strings = useStrings().contacts;
  const t = strings.merge;
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  const [text, setText] = useState('');
  const q = useDeferredValue(text.trim());
  const found = useInfiniteQuery({ ...contactQueries.list(q, 'all'), enabled: q.length > 0 });
  const candidates = (found.data?.pages[0]?.visitors ?? []).filter((c) => c.id !== visitor.id).slice(0, 10);
  const [into, setInto] = useState<TContact | null>(null);
  const merge = useMutation({
    mutationFn: (target: TContact) =>
      api.call('mergeVisitors', { params: { id: visitor.id }, body: { intoVisitorId: target.id } }),
    onSuccess: (kept) => {
      qc.setQueryData(keys.visitor(kept.id), kept);
      qc.removeQueries({ queryKey: keys.visitor(visitor.id) });
      void qc.invalidateQueries({ queryKey: contactListsKey });
      onClose();
      navigate(paths.contact(kept.id));
    },
  });
  return (
    <ConfirmDialog
      title={t.title}
      confirmLabel={t.confirm}
      onConfirm={() => into && merge.mutate(into)}
      onClose={onClose}
      isPending={merge.isPending}
      error={merge.error}
      canConfirm={into !== null}
    >
      <p>{fillNodes(t.help, { contact: <strong>{labelOf(visitor, strings)}</strong> })}</p>
      <label className="stack-label">
        {t.find}
        <input
          type="search"
          data-autofocus
          value={text}
          maxLength={CONTACT_LIMITS.queryMax}
          placeholder={strings.searchPlaceholder}
          onChange={(e) => {
            setText(e.target.value);
            setInto(null);
          }}
        />
      </label>
      {q && found.isSuccess && candidates.length === 0 && <p className="muted">{t.none}</p>}
      {candidates.length > 0 && (
        <fieldset className="merge-candidates">
          <legend>{t.keep}</legend>
          {candidates.map((c) => (
            <label key={c.id}>
              <input type="radio" name="merge-into" checked={into?.id === c.id} onChange={() => setInto(c)} />
              <span>
                {labelOf(c, strings)}
                {c.company ? <span className="muted"> · {c.company}</span> : null}
              </span>
            </label>
          ))}
        </fieldset>
      )}
    </ConfirmDialog>
  );
}
