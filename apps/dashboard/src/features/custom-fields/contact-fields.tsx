import type { TVisitorDetail } from '@oceras/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { keys, queries } from '../../lib/queries';
import { FieldValuesForm } from './field-values-form';

/**
 * The contact's custom fields: typed fields the organization's admins defined, apart from the free-form custom
 * attributes the site sets (shown in their own card).
 */
export function ContactFields({ visitor, isEditable }: { visitor: TVisitorDetail; isEditable: boolean }) {
  const t = useStrings().customFields;
  const qc = useQueryClient();
  const defs = useQuery(queries.customFields());
  const save = useMutation({
    mutationFn: (values: Record<string, unknown>) =>
      api.call('setVisitorFields', { params: { id: visitor.id }, body: { values: values as never } }),
    onSuccess: ({ customFields }) => qc.setQueryData(keys.visitor(visitor.id), (v) => (v ? { ...v, customFields } : v)),
  });
  const fields = defs.data?.fields.filter((f) => f.entity === 'contact') ?? [];
  return (
    <section className="card" aria-labelledby="contact-fields-title">
      <h2 id="contact-fields-title">{t.entities.contact}</h2>
      <p className="muted">{t.contactHelp}</p>
      {defs.data && (
        <FieldValuesForm
          fields={fields}
          values={visitor.customFields ?? {}}
          isEditable={isEditable}
          isSaving={save.isPending}
          onSave={(v) => save.mutate(v)}
          idPrefix={`contact-${visitor.id}`}
        />
      )}
      {save.isError && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
    </section>
  );
}
