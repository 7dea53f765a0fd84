import type { TCustomField } from '@oceras/protocol';
import { checkFieldValue, type TCustomFieldValue, type TCustomFieldValues } from '@oceras/protocol/custom-field-rules';
import { type FormEvent, useEffect, useState } from 'react';
import { useStrings } from '../../i18n/i18n';
import './field-values.css';

/** What an input holds: text for text, number and date fields, an option or '' for a choice, a list, a box. */
type Draft = string | string[] | boolean;

const draftOf = (f: TCustomField, v: TCustomFieldValue | undefined): Draft => {
  if (f.type === 'checkbox') return v === true;
  if (f.type === 'multiple_choice') return Array.isArray(v) ? v : [];
  return v === undefined ? '' : String(v);
};

/** A draft as the API takes it: a number from its text ('' clears), '' as null, the rest as it is. */
const toValue = (f: TCustomField, d: Draft): unknown => {
  if (f.type === 'number') return typeof d === 'string' && d.trim() !== '' ? Number(d) : null;
  if (typeof d === 'string' && d.trim() === '') return null;
  return d;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The values of custom fields as a form: one input per field by type, checked on Save by the protocol's one rule
 * (`checkFieldValue`, as the server checks them); only changed fields are sent. Shared by the conversation panel
 * and the contact page.
 */
export function FieldValuesForm({
  fields,
  values,
  isEditable,
  isSaving,
  onSave,
  idPrefix,
}: {
  fields: TCustomField[];
  values: TCustomFieldValues;
  isEditable: boolean;
  isSaving: boolean;
  onSave: (changed: Record<string, unknown>) => void;
  /** Keeps input ids unique when two forms are on one page. */
  idPrefix: string;
}) {
  const t = useStrings().customFields;
  const initial = () => Object.fromEntries(fields.map((f) => [f.key, draftOf(f, values[f.key])]));
  const [drafts, setDrafts] = useState<Record<string, Draft>>(initial);
  const [problems, setProblems] = useState<Record<string, string>>({});
  // The stored values changed (a save, a colleague's change): the form shows them.
  const stored = JSON.stringify(values);
  const defined = fields.map((f) => f.id).join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the stored values or the fields change
  useEffect(() => setDrafts(initial()), [stored, defined]);

  const set = (key: string, d: Draft) => setDrafts((all) => ({ ...all, [key]: d }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const changed: Record<string, unknown> = {};
    const found: Record<string, string> = {};
    for (const f of fields) {
      const value = toValue(f, drafts[f.key] ?? draftOf(f, undefined));
      const checked = checkFieldValue(f, value);
      if (!checked.ok) found[f.key] = `${f.label} ${checked.message}`;
      else if (!same(checked.value, values[f.key] ?? null)) changed[f.key] = checked.value;
    }
    setProblems(found);
    if (Object.keys(found).length === 0 && Object.keys(changed).length > 0) onSave(changed);
  };

  if (fields.length === 0) return <p className="muted">{t.noneDefined}</p>;
  return (
    <form className="stack field-values" onSubmit={submit}>
      <fieldset disabled={!isEditable || isSaving} className="stack field-values-set">
        {fields.map((f) => {
          const id = `${idPrefix}-${f.key}`;
          const d = drafts[f.key] ?? draftOf(f, undefined);
          const hint = f.requiredOnResolve ? <span className="muted"> {t.requiredHint}</span> : null;
          const error = problems[f.key];
          if (f.type === 'checkbox')
            return (
              <div key={f.key} className="switches">
                <label>
                  <input type="checkbox" checked={d === true} onChange={(e) => set(f.key, e.target.checked)} />
                  {f.label}
                  {hint}
                </label>
              </div>
            );
          if (f.type === 'multiple_choice')
            return (
              <fieldset key={f.key} className="switches field-options">
                <legend>
                  {f.label}
                  {hint}
                </legend>
                {f.options.map((o) => (
                  <label key={o}>
                    <input
                      type="checkbox"
                      checked={(d as string[]).includes(o)}
                      onChange={(e) =>
                        set(
                          f.key,
                          e.target.checked
                            ? f.options.filter((x) => x === o || (d as string[]).includes(x))
                            : (d as string[]).filter((x) => x !== o),
                        )
                      }
                    />
                    {o}
                  </label>
                ))}
                {error && <span className="error">{error}</span>}
              </fieldset>
            );
          return (
            <div key={f.key} className="field-row">
              <label htmlFor={id}>
                {f.label}
                {hint}
              </label>
              {f.type === 'single_choice' ? (
                <select id={id} value={d as string} onChange={(e) => set(f.key, e.target.value)}>
                  <option value="">—</option>
                  {f.options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  type={f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : 'text'}
                  step={f.type === 'number' ? 'any' : undefined}
                  value={d as string}
                  aria-invalid={error ? true : undefined}
                  onChange={(e) => set(f.key, e.target.value)}
                />
              )}
              {error && <span className="error">{error}</span>}
            </div>
          );
        })}
        {isEditable && (
          <button type="submit" className="btn btn-small">
            {t.saveValues}
          </button>
        )}
      </fieldset>
    </form>
  );
}
