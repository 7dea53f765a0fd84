import type { TCreateCustomFieldRequest, TCustomField, TUpdateCustomFieldRequest } from '@oceras/protocol';
import {
  CUSTOM_FIELD_KEY_PATTERN,
  CUSTOM_FIELD_LIMITS,
  type TCustomFieldEntity,
  type TCustomFieldType,
} from '@oceras/protocol/custom-field-rules';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { keys, queries } from '../../lib/queries';
import { ConfirmDialog } from '../shell/confirm-dialog';
import './custom-fields.css';

const TYPE_LABELS: Record<TCustomFieldType, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  checkbox: 'Checkbox',
};
const ENTITY_TITLES: Record<TCustomFieldEntity, string> = {
  conversation: 'Conversation fields',
  contact: 'Contact fields',
};
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
  const defs = useQuery(queries.customFields());
  return (
    <section className="page custom-fields-page">
      <h1>Custom fields</h1>
      <p className="muted">
        Fields agents fill in on conversations (side panel) and contacts (contact page). A conversation field can be
        required to resolve. Filter the inbox list with <code>field.&lt;key&gt;=&lt;value&gt;</code> in the API.
      </p>
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
            <h2 id={`fields-${entity}`}>{ENTITY_TITLES[entity]}</h2>
            {defs.data && fields.length === 0 && <p className="muted">None yet.</p>}
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
      <h2 id="new-field-title">New field</h2>
      <div className="inline-form">
        <label>
          For
          <select value={entity} onChange={(e) => setEntity(e.target.value as TCustomFieldEntity)}>
            <option value="conversation">Conversations</option>
            <option value="contact">Contacts</option>
          </select>
        </label>
        <label>
          Label
          <input
            required
            maxLength={CUSTOM_FIELD_LIMITS.labelMax}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
        </label>
        <label>
          Key
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
          Type
          <select value={type} onChange={(e) => setType(e.target.value as TCustomFieldType)}>
            {Object.entries(TYPE_LABELS).map(([t, l]) => (
              <option key={t} value={t}>
                {l}
              </option>
            ))}
          </select>
        </label>
      </div>
      {isChoice(type) && (
        <label>
          Options, one per line
          <textarea required rows={3} value={options} onChange={(e) => setOptions(e.target.value)} />
        </label>
      )}
      {entity === 'conversation' && (
        <div className="switches">
          <label>
            <input type="checkbox" checked={isRequired} onChange={(e) => setRequired(e.target.checked)} />
            Required to resolve
          </label>
        </div>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          Create field
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
        {field.label} <code className="muted">{field.key}</code> <span className="pill">{TYPE_LABELS[field.type]}</span>
      </h3>
      <form className="stack" onSubmit={save}>
        <label>
          Label of {field.key}
          <input required value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
        {isChoice(field.type) && (
          <label>
            Options of {field.key}, one per line
            <textarea rows={3} value={options} onChange={(e) => setOptions(e.target.value)} />
          </label>
        )}
        <div>
          <button type="submit" className="btn btn-small" disabled={update.isPending}>
            Save
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
            {field.label} is required to resolve
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
          Delete {field.label}
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Delete ${field.label}?`}
          confirmLabel="Delete field"
          onConfirm={() => remove.mutate()}
          onClose={() => setConfirming(false)}
          isPending={remove.isPending}
          error={remove.error}
        >
          Every value it holds on {field.entity === 'conversation' ? 'conversations' : 'contacts'} goes with it.
        </ConfirmDialog>
      )}
    </section>
  );
}
