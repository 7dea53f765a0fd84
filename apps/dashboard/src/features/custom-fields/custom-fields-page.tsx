import type { TCreateCustomFieldRequest, TCustomField, TUpdateCustomFieldRequest } from '@oceras/protocol';
import {
  CUSTOM_FIELD_KEY_PATTERN,
  CUSTOM_FIELD_LIMITS,
  type TCustomFieldEntity,
  type TCustomFieldType,
} from '@oceras/protocol/custom-field-rules';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fill, fillNodes, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { keys, queries } from '../../lib/queries';
import { ConfirmDialog } from '../shell/confirm-dialog';
import './custom-fields.css';

const TYPES: TCustomFieldType[] = ['text', 'number', 'date', 'single_choice', 'multiple_choice', 'checkbox'];
const isChoice = (t: TCustomFieldType) => t === 'single_choice' || t === 'multiple_choice';
/** Options typed one per line. */
const optionsOf = (text: string) => [
  ...new Set(
    text
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean),
  ),
];
/** A key from a label: `Order number` → `order_number`. */
const keyFrom = (label: string) =>
  label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, CUSTOM_FIELD_LIMITS.keyMax);

/**
 * Settings → Custom fields, for admins: typed fields agents fill in on conversations and contacts. A key never
 * changes once made (it names the value in the API, webhooks, exports and `field.<key>` filters). Loaded on first
 * visit.
 */
export function CustomFieldsPage() {
  const t = useStrings().customFields;
  const defs = useQuery(queries.customFields());
  return (
    <section className="page custom-fields-page">
      <h1>{t.title}</h1>
      <p className="muted">{fillNodes(t.help, { filter: <code>field.&lt;key&gt;=&lt;value&gt;</code> })}</p>
      <CreateField />
      {defs.isError && (
        <p className="error" role="alert">
          {errorMessage(defs.error)}
        </p>
      )}
      {(['conversation', 'contact'] as const).map((entity) => {
        const fields = defs.data?.fields.filter((f) => f.entity === entity) ?? [];
        return (
          <section key={entity} className="stack" aria-labelledby={`fields-${entity}`}>
            <h2 id={`fields-${entity}`}>{t.entities[entity]}</h2>
            {defs.data && fields.length === 0 && <p className="muted">{t.none}</p>}
            {fields.map((f) => (
              <FieldCard key={f.id} field={f} />
            ))}
          </section>
        );
      })}
    </section>
  );
}

const useInvalidateFields = () => {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: keys.customFields() });
};

function CreateField() {
  const t = useStrings().customFields;
  const invalidate = useInvalidateFields();
  const [entity, setEntity] = useState<TCustomFieldEntity>('conversation');
  const [label, setLabel] = useState('');
  const [key, setKey] = useState('');
  const [isKeyTouched, setKeyTouched] = useState(false);
  const [type, setType] = useState<TCustomFieldType>('text');
  const [options, setOptions] = useState('');
  const [isRequired, setRequired] = useState(false);
  const create = useMutation({
    mutationFn: (body: TCreateCustomFieldRequest) => api.call('createCustomField', { body }),
    onSuccess: async () => {
      setLabel('');
      setKey('');
      setKeyTouched(false);
      setOptions('');
      setRequired(false);
      await invalidate();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      entity,
      label: label.trim(),
      key: isKeyTouched ? key : keyFrom(label),
      type,
      options: isChoice(type) ? optionsOf(options) : [],
      requiredOnResolve: entity === 'conversation' && isRequired,
    });
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="new-field-title">
      <h2 id="new-field-title">{t.newField}</h2>
      <div className="inline-form">
        <label>
          {t.for}
          <select value={entity} onChange={(e) => setEntity(e.target.value as TCustomFieldEntity)}>
            <option value="conversation">{t.forEntities.conversation}</option>
            <option value="contact">{t.forEntities.contact}</option>
          </select>
        </label>
        <label>
          {t.label}
          <input
            required
            maxLength={CUSTOM_FIELD_LIMITS.labelMax}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
        </label>
        <label>
          {t.key}
          <input
            required
            pattern={CUSTOM_FIELD_KEY_PATTERN.source}
            maxLength={CUSTOM_FIELD_LIMITS.keyMax}
            value={isKeyTouched ? key : keyFrom(label)}
            onChange={(e) => {
              setKeyTouched(true);
              setKey(e.target.value);
            }}
          />
        </label>
        <label>
          {t.type}
          <select value={type} onChange={(e) => setType(e.target.value as TCustomFieldType)}>
            {TYPES.map((x) => (
              <option key={x} value={x}>
                {t.types[x]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {isChoice(type) && (
        <label>
          {t.options}
          <textarea required rows={3} value={options} onChange={(e) => setOptions(e.target.value)} />
        </label>
      )}
      {entity === 'conversation' && (
        <div className="switches">
          <label>
            <input type="checkbox" checked={isRequired} onChange={(e) => setRequired(e.target.checked)} />
            {t.required}
          </label>
        </div>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t.create}
        </button>
      </div>
      {create.isError && (
        <p className="error" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
    </form>
  );
}

function FieldCard({ field }: { field: TCustomField }) {
  const t = useStrings().customFields;
  const invalidate = useInvalidateFields();
  const [label, setLabel] = useState(field.label);
  const [options, setOptions] = useState(field.options.join('\n'));
  const [confirming, setConfirming] = useState(false);
  const update = useMutation({
    mutationFn: (body: TUpdateCustomFieldRequest) => api.call('updateCustomField', { params: { id: field.id }, body }),
    onSuccess: invalidate,
  });
  const remove = useMutation({
    mutationFn: () => api.call('deleteCustomField', { params: { id: field.id } }),
    onSuccess: invalidate,
  });
  const titleId = `field-${field.id}`;
  const save = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      ...(label.trim() !== field.label ? { label: label.trim() } : {}),
      ...(isChoice(field.type) ? { options: optionsOf(options) } : {}),
    });
  };
  return (
    <section className="card stack field-card" aria-labelledby={titleId}>
      <h3 id={titleId} className="field-title">
        {field.label} <code className="muted">{field.key}</code> <span className="pill">{t.types[field.type]}</span>
      </h3>
      <form className="stack" onSubmit={save}>
        <label>
          {fill(t.labelOf, { key: field.key })}
          <input required value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
        {isChoice(field.type) && (
          <label>
            {fill(t.optionsOf, { key: field.key })}
            <textarea rows={3} value={options} onChange={(e) => setOptions(e.target.value)} />
          </label>
        )}
        <div>
          <button type="submit" className="btn btn-small" disabled={update.isPending}>
            {t.save}
          </button>
        </div>
      </form>
      {field.entity === 'conversation' && (
        <div className="switches">
          <label>
            <input
              type="checkbox"
              role="switch"
              aria-checked={update.variables?.requiredOnResolve ?? field.requiredOnResolve}
              checked={update.variables?.requiredOnResolve ?? field.requiredOnResolve}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ requiredOnResolve: e.target.checked })}
            />
            {fill(t.requiredOf, { label: field.label })}
          </label>
        </div>
      )}
      {update.isError && (
        <p className="error" role="alert">
          {errorMessage(update.error)}
        </p>
      )}
      <div>
        <button type="button" className="btn btn-small" onClick={() => setConfirming(true)}>
          {fill(t.delete, { label: field.label })}
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={fill(t.deleteTitle, { label: field.label })}
          confirmLabel={t.deleteField}
          onConfirm={() => remove.mutate()}
          onClose={() => setConfirming(false)}
          isPending={remove.isPending}
          error={remove.error}
        >
          {field.entity === 'conversation' ? t.deleteBody.conversation : t.deleteBody.contact}
        </ConfirmDialog>
      )}
    </section>
  );
}
