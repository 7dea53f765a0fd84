import type { TVisitorDetail } from '@oceras/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fill, plural, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { download } from '../../lib/download';
import { errorMessage } from '../../lib/errors';
import { keys } from '../../lib/queries';
import { ConfirmDialog } from '../shell/confirm-dialog';

/**
 * The visitor's rights that an admin exercises for them (privacy policy §7): a copy of their data (export), an
 * objection (restriction) and erasure. The panel shows this to admins only, as the server allows only them.
 */
export function VisitorPrivacy({ visitor }: { visitor: TVisitorDetail }) {
  const qc = useQueryClient();
  const { id } = visitor;
  const [isConfirming, setConfirming] = useState(false);
  const exported = useMutation({ mutationFn: () => download('exportVisitor', { id }, `visitor-${id}.json`) });
  const restrict = useMutation({
    mutationFn: (isRestricted: boolean) =>
      api.call('setVisitorRestriction', { params: { id }, body: { isRestricted } }),
    onSuccess: (r) => qc.setQueryData(keys.visitor(id), (v) => (v ? { ...v, isRestricted: r.isRestricted } : v)),
  });
  const erase = useMutation({
    mutationFn: () => api.call('eraseVisitor', { params: { id } }),
    onSuccess: async () => {
      setConfirming(false);
      // The threads are empty shells now (live-sync.ts does the same on `visitor.erased` for every conversation).
      for (const c of visitor.conversations) void qc.invalidateQueries({ queryKey: keys.messages(c.id) });
      await qc.invalidateQueries({ queryKey: keys.visitor(id) });
    },
  });
  // The value being saved shows from the click itself: the mutation's own state arrives a tick later (TanStack
  // Query notifies on a timer), and a controlled checkbox would snap back in between.
  const [saving, setSaving] = useState<boolean | null>(null);
  const isRestricted = saving ?? visitor.isRestricted;
  const t = useStrings().conversation.privacy;
  const name = visitor.name || visitor.email || t.thisVisitor;
  const count = visitor.conversations.length;

  return (
    <section className="visitor-privacy" aria-labelledby="visitor-privacy-title">
      <h3 id="visitor-privacy-title">{t.title}</h3>
      <div>
        <button type="button" className="btn btn-small" disabled={exported.isPending} onClick={() => exported.mutate()}>
          {exported.isPending ? t.preparing : t.export}
        </button>
        <p className="muted small">{t.exportHelp}</p>
        {exported.isError && (
          <p className="error" role="alert">
            {errorMessage(exported.error)}
          </p>
        )}
        {exported.isSuccess && (
          <p className="ok small" role="status">
            {fill(t.downloaded, { file: exported.data })}
          </p>
        )}
      </div>
      <div className="switches">
        <label>
          <input
            type="checkbox"
            role="switch"
            checked={isRestricted}
            aria-checked={isRestricted}
            aria-describedby="restrict-hint"
            disabled={saving !== null}
            onChange={(e) => {
              const value = e.target.checked;
              setSaving(value);
              restrict.mutate(value, { onSettled: () => setSaving(null) });
            }}
          />
          {t.restrict}
        </label>
        <p className="muted small" id="restrict-hint">
          {isRestricted ? t.restrictedHelp : t.restrictHelp}
        </p>
        {restrict.isError && (
          <p className="error" role="alert">
            {errorMessage(restrict.error)}
          </p>
        )}
      </div>
      <div>
        <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirming(true)}>
          {t.erase}
        </button>
      </div>
      {isConfirming && (
        <ConfirmDialog
          title={fill(t.confirmTitle, { name })}
          confirmLabel={t.erase}
          onConfirm={() => erase.mutate()}
          onClose={() => {
            setConfirming(false);
            erase.reset();
          }}
          isPending={erase.isPending}
          error={erase.error}
        >
          <p>{fill(t.confirmBody, { conversations: plural(t.conversations, count) })}</p>
          <p>{t.confirmStay}</p>
          <p>
            <strong>{t.cannotUndo}</strong>
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
