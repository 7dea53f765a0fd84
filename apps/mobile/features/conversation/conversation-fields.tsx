import type { TCustomField } from '@oceras/protocol';
import { checkFieldValue, type TCustomFieldValues } from '@oceras/protocol/custom-field-rules';
import { useEffect, useState } from 'react';
import { Pressable, StyleSheet, Switch, Text, TextInput, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorSentence } from '@/lib/errors';
import { fill, useStrings } from '@/lib/i18n/i18n';
import { Button } from '../ui/button';
import { common, space } from '../ui/theme';

type Draft = string | string[] | boolean;
const draftOf = (f: TCustomField, v: TCustomFieldValues[string] | undefined): Draft =>
  f.type === 'checkbox'
    ? v === true
    : f.type === 'multiple_choice'
      ? Array.isArray(v)
        ? v
        : []
      : v === undefined
        ? ''
        : String(v);
const toValue = (f: TCustomField, d: Draft): unknown =>
  f.type === 'number' ? (typeof d === 'string' && d.trim() !== '' ? Number(d) : null) : d === '' ? null : d;

/**
 * A conversation's custom fields (the conversation's details): each shown by type and edited as text, a choice
 * (options to tap), several options, or a switch; checked by the protocol's one rule before saving, as the server
 * checks them. A date is typed YYYY-MM-DD.
 */
export function ConversationFields({ conversationId }: { conversationId: string }) {
  const { session } = useApp();
  const t = useStrings().fields;
  const [fields, setFields] = useState<TCustomField[] | null>(null);
  const [values, setValues] = useState<TCustomFieldValues>({});
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const [isSaved, setSaved] = useState(false);

  useEffect(() => {
    Promise.all([
      session.client.call('listCustomFields', { query: { entity: 'conversation' } }),
      session.client.call('getConversation', { params: { id: conversationId } }),
    ])
      .then(([defs, conv]) => {
        const stored = conv.customFields ?? {};
        setFields(defs.fields);
        setValues(stored);
        setDrafts(Object.fromEntries(defs.fields.map((f) => [f.key, draftOf(f, stored[f.key])])));
      })
      .catch((e) => setProblem(errorSentence(e)));
  }, [session, conversationId]);

  if (!fields || fields.length === 0) return problem ? <Text style={common.error}>{problem}</Text> : null;
  const set = (key: string, d: Draft) => {
    setSaved(false);
    setDrafts((all) => ({ ...all, [key]: d }));
  };
  const save = async () => {
    const changed: Record<string, unknown> = {};
    for (const f of fields) {
      const checked = checkFieldValue(f, toValue(f, drafts[f.key] ?? draftOf(f, undefined)));
      if (!checked.ok) return setProblem(`${f.label} ${checked.message}`);
      if (JSON.stringify(checked.value) !== JSON.stringify(values[f.key] ?? null)) changed[f.key] = checked.value;
    }
    setProblem(null);
    if (Object.keys(changed).length === 0) return;
    setSaving(true);
    try {
      const conv = await session.client.call('setConversationFields', {
        params: { id: conversationId },
        body: { values: changed as never },
      });
      setValues(conv.customFields);
      setSaved(true);
    } catch (e) {
      setProblem(errorSentence(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Text style={common.sectionTitle}>{t.title}</Text>
      <View style={common.card}>
        {fields.map((f) => {
          const d = drafts[f.key] ?? draftOf(f, undefined);
          const label = f.requiredOnResolve ? fill(t.required, { label: f.label }) : f.label;
          return (
            <View key={f.key} style={styles.field}>
              {f.type === 'checkbox' ? (
                <View style={styles.row}>
                  <Text style={[common.value, { flex: 1 }]}>{label}</Text>
                  <Switch accessibilityLabel={f.label} value={d === true} onValueChange={(on) => set(f.key, on)} />
                </View>
              ) : (
                <>
                  <Text style={common.label}>{label}</Text>
                  {f.type === 'single_choice' || f.type === 'multiple_choice' ? (
                    <View style={common.chips} role={f.type === 'single_choice' ? 'radiogroup' : 'group'}>
                      {f.options.map((o) => {
                        const isOn = Array.isArray(d) ? d.includes(o) : d === o;
                        const toggle = () =>
                          Array.isArray(d)
                            ? set(
                                f.key,
                                isOn ? d.filter((x) => x !== o) : f.options.filter((x) => x === o || d.includes(x)),
                              )
                            : set(f.key, isOn ? '' : o);
                        return (
                          <Pressable
                            key={o}
                            role={f.type === 'single_choice' ? 'radio' : 'checkbox'}
                            accessibilityLabel={`${f.label}: ${o}`}
                            accessibilityState={{ checked: isOn }}
                            onPress={toggle}
                            style={[common.chip, isOn && common.chipOn]}
                          >
                            <Text style={isOn ? common.chipTextOn : common.chipText}>{o}</Text>
                          </Pressable>
                        );
                      })}
                    </View>
                  ) : (
                    <TextInput
                      accessibilityLabel={f.label}
                      value={d as string}
                      onChangeText={(text) => set(f.key, text)}
                      keyboardType={f.type === 'number' ? 'numeric' : 'default'}
                      placeholder={f.type === 'date' ? 'YYYY-MM-DD' : undefined}
                      style={common.input}
                    />
                  )}
                </>
              )}
            </View>
          );
        })}
        {problem && (
          <Text role="alert" style={common.error}>
            {problem}
          </Text>
        )}
        {isSaved && <Text style={common.muted}>{t.saved}</Text>}
        <Button title={t.save} onPress={() => void save()} isBusy={isSaving} />
      </View>
    </>
  );
}

const styles = StyleSheet.create({
  field: { paddingVertical: space.s },
  row: { flexDirection: 'row', alignItems: 'center', gap: space.m },
});
