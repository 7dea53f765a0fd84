import type { TCannedResponse, TCannedScope } from '@oceras/protocol';
import { CANNED_LIMITS, CANNED_VARIABLES } from '@oceras/protocol/canned-text';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fill, fillNodes, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { isManager } from '../../lib/policy';
import { queries } from '../../lib/queries';
import { cannedQueries } from './canned-queries';
import './canned-responses.css';

/**
 * Settings → Canned responses: every agent manages their own (personal); managers and admins also the
 * organization's shared ones, which everyone uses. Loaded on first visit, away from the inbox's first screen.
 */
export function CannedResponsesPage() {
  const me = useQuery(queries.me());
  const list = useQuery(cannedQueries.list());
  const canManageShared = me.data ? isManager(me.data.agent.role) : false;
  const all = list.data?.cannedResponses ?? [];
  const t = useStrings().cannedResponses;
  return (
    <section className="page">
      <h1>{t.title}</h1>
      <p className="muted">
        {fillNodes(t.help, {
          slash: <code>/</code>,
          variables: CANNED_VARIABLES.map((v) => `{{${v}}}`).join(', '),
          example: <code>{'{{visitor.name | there}}'}</code>,
        })}
      </p>
      <CreateForm canManageShared={canManageShared} />
      {list.isError && (
        <p className="error" role="alert">
          {errorMessage(list.error)}
        </p>
      )}
      {(['personal', 'shared'] as const).map((scope) => (
        <ResponseList
          key={scope}
          scope={scope}
          items={all.filter((r) => r.scope === scope)}
          canEdit={scope === 'personal' || canManageShared}
          isLoading={list.isPending}
        />
      ))}
    </section>
  );
}

function ResponseList(props: { scope: TCannedScope; items: TCannedResponse[]; canEdit: boolean; isLoading: boolean }) {
  const t = useStrings().cannedResponses;
  const titleId = `canned-${props.scope}-title`;
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>{t[props.scope]}</h2>
      {!props.isLoading && props.items.length === 0 && <p className="muted">{t.none}</p>}
      <ul className="canned-list" aria-labelledby={titleId}>
        {props.items.map((r) => (
          <CannedRow key={r.id} response={r} canEdit={props.canEdit} />
        ))}
      </ul>
    </section>
  );
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: cannedQueries.list().queryKey });
}

function CannedRow({ response, canEdit }: { response: TCannedResponse; canEdit: boolean }) {
  const t = useStrings().cannedResponses;
  const [isEditing, setEditing] = useState(false);
  const invalidate = useInvalidate();
  const remove = useMutation({
    mutationFn: () => api.call('deleteCannedResponse', { params: { id: response.id } }),
    onSuccess: invalidate,
  });
  if (isEditing)
    return (
      <li className="canned-item">
        <EditForm response={response} onDone={() => setEditing(false)} />
      </li>
    );
  return (
    <li className="canned-item" aria-label={`/${response.shortcode} ${response.title}`}>
      <div className="canned-head">
        <span className="canned-code">/{response.shortcode}</span> <strong>{response.title}</strong>
        {canEdit && (
          <span className="canned-actions">
            <button
              type="button"
              className="btn btn-small"
              aria-label={fill(t.editShortcode, { shortcode: response.shortcode })}
              onClick={() => setEditing(true)}
            >
              {t.edit}
            </button>
            <button
              type="button"
              className="btn btn-small btn-danger"
              aria-label={fill(t.deleteShortcode, { shortcode: response.shortcode })}
              disabled={remove.isPending}
              onClick={() => remove.mutate()}
            >
              {t.delete}
            </button>
          </span>
        )}
      </div>
      <p className="canned-body">{response.body}</p>
      {remove.isError && (
        <p className="error" role="alert">
          {errorMessage(remove.error)}
        </p>
      )}
    </li>
  );
}

interface Fields {
  shortcode: string;
  title: string;
  body: string;
}

/** The three fields both forms share. */
function FieldsEditor({ value, onChange }: { value: Fields; onChange: (v: Fields) => void }) {
  const t = useStrings().cannedResponses;
  return (
    <>
      <label>
        {t.shortcode}
        <input
          value={value.shortcode}
          onInput={(e) => onChange({ ...value, shortcode: e.currentTarget.value })}
          required
          maxLength={CANNED_LIMITS.shortcodeMax}
          pattern="[A-Za-z0-9_\-]+"
          title={t.shortcodeRule}
        />
      </label>
      <label>
        {t.titleLabel}
        <input
          value={value.title}
          onInput={(e) => onChange({ ...value, title: e.currentTarget.value })}
          required
          maxLength={CANNED_LIMITS.titleMax}
        />
      </label>
      <label>
        {t.body}
        <textarea
          value={value.body}
          onInput={(e) => onChange({ ...value, body: e.currentTarget.value })}
          required
          rows={4}
          maxLength={CANNED_LIMITS.bodyMax}
        />
      </label>
    </>
  );
}

const empty: Fields = { shortcode: '', title: '', body: '' };

function CreateForm({ canManageShared }: { canManageShared: boolean }) {
  const [fields, setFields] = useState<Fields>(empty);
  const [scope, setScope] = useState<TCannedScope>('personal');
  const t = useStrings().cannedResponses;
  const invalidate = useInvalidate();
  const create = useMutation({
    mutationFn: () => api.call('createCannedResponse', { body: { ...fields, scope } }),
    onSuccess: () => {
      setFields(empty);
      return invalidate();
    },
  });
  const handleSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section className="card" aria-labelledby="new-canned-title">
      <h2 id="new-canned-title">{t.newTitle}</h2>
      <form onSubmit={handleSubmit} className="stack">
        <FieldsEditor value={fields} onChange={setFields} />
        {canManageShared && (
          <fieldset>
            <legend>{t.whoUses}</legend>
            {(['personal', 'shared'] as const).map((s) => (
              <label key={s} className="choice">
                <input type="radio" name="canned-scope" checked={scope === s} onChange={() => setScope(s)} />{' '}
                {s === 'personal' ? t.onlyMe : t.wholeTeam}
              </label>
            ))}
          </fieldset>
        )}
        {create.isError && (
          <p className="error" role="alert">
            {errorMessage(create.error)}
          </p>
        )}
        <p>
          <button type="submit" className="btn" disabled={create.isPending}>
            {t.create}
          </button>
        </p>
      </form>
    </section>
  );
}

function EditForm({ response, onDone }: { response: TCannedResponse; onDone: () => void }) {
  const [fields, setFields] = useState<Fields>(response);
  const strings = useStrings();
  const invalidate = useInvalidate();
  const save = useMutation({
    mutationFn: () =>
      api.call('updateCannedResponse', {
        params: { id: response.id },
        body: { shortcode: fields.shortcode, title: fields.title, body: fields.body },
      }),
    onSuccess: async () => {
      await invalidate();
      onDone();
    },
  });
  const handleSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form
      onSubmit={handleSubmit}
      className="stack"
      aria-label={fill(strings.cannedResponses.editShortcode, { shortcode: response.shortcode })}
    >
      <FieldsEditor value={fields} onChange={setFields} />
      {save.isError && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      <p>
        <button type="submit" className="btn" disabled={save.isPending}>
          {strings.common.save}
        </button>{' '}
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          {strings.common.cancel}
        </button>
      </p>
    </form>
  );
}
