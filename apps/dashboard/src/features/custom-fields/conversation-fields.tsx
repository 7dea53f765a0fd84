import type { TConversation } from '@oceras/protocol';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { useLiveSync } from '../../lib/live-sync-provider';
import { queries } from '../../lib/queries';
import { FieldValuesForm } from './field-values-form';

/**
 * The conversation's custom fields in its side panel: who may change the conversation edits them; the saved
 * conversation replaces the cached one (its `conversation.updated` brings the same to colleagues). Loaded with the
 * panel, not with the inbox's first screen.
 */
export function ConversationFields({ conv, isEditable }: { conv: TConversation; isEditable: boolean }) {
  const t = useStrings().customFields;
  const live = useLiveSync();
  const defs = useQuery(queries.customFields());
  const save = useMutation({
    mutationFn: (values: Record<string, unknown>) =>
      api.call('setConversationFields', { params: { id: conv.id }, body: { values: values as never } }),
    onSuccess: (c) => live.upsertConversation(c),
  });
  const fields = defs.data?.fields.filter((f) => f.entity === 'conversation') ?? [];
  return (
    <section className="conversation-fields" aria-labelledby="conversation-fields-title">
      <h3 id="conversation-fields-title">{t.entities.conversation}</h3>
      {defs.data && (
        <FieldValuesForm
          fields={fields}
          values={conv.customFields ?? {}}
          isEditable={isEditable}
          isSaving={save.isPending}
          onSave={(v) => save.mutate(v)}
          idPrefix={`conv-${conv.id}`}
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
