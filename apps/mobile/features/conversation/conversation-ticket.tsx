import { LIMITS, type TConversation, type TPriority } from '@oceras/protocol';
import { normalizeTag } from '@oceras/protocol/tag-rules';
import { useEffect, useState } from 'react';
import { Pressable, StyleSheet, Text, TextInput, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorSentence } from '@/lib/errors';
import { fill, useStrings } from '@/lib/i18n/i18n';
import { useStore } from '@/lib/store';
import { Button } from '../ui/button';
import { colors, common, space } from '../ui/theme';

const PRIORITIES: readonly TPriority[] = ['none', 'low', 'medium', 'high', 'urgent'];

/**
 * A conversation's ticket: its priority (one tap) and its tags (removed with their ×, added by name), changed
 * through the inbox sync so that every list shows the change at once; the server checks and normalizes tags
 * (trimmed, lowercase), and its refusal is shown as it says it.
 */
export function ConversationTicket({ conversationId }: { conversationId: string }) {
  const app = useApp();
  const strings = useStrings();
  const t = strings.ticket;
  const stored = useStore(app.inbox.data, (d) => d.conversations[conversationId]);
  const [fetched, setFetched] = useState<TConversation | null>(null);
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Opened from a notification or a link, the conversation may not be in a loaded list yet.
  useEffect(() => {
    if (stored) return;
    app.session.client
      .call('getConversation', { params: { id: conversationId } })
      .then(setFetched, (e) => setProblem(errorSentence(e)));
  }, [app, conversationId, stored]);
  const conversation = stored ?? fetched;
  if (!conversation) return problem ? <Text style={common.error}>{problem}</Text> : null;

  const change = async (what: string, body: { priority?: TPriority; tags?: string[] }) => {
    setBusy(what);
    setProblem(null);
    try {
      setFetched(await app.inbox.updateConversation(conversationId, body));
      return true;
    } catch (e) {
      setProblem(errorSentence(e));
      return false;
    } finally {
      setBusy(null);
    }
  };
  const addTag = async () => {
    if (!tag.trim()) return;
    // The server's rule, checked before sending, so that the refusal can say what a tag may hold.
    const name = normalizeTag(tag, LIMITS.tagMax);
    if (!name) return setProblem(t.tagRule);
    if (conversation.tags.includes(name)) return setTag('');
    if (await change('tag', { tags: [...conversation.tags, name] })) setTag('');
  };

  return (
    <>
      <Text style={common.sectionTitle}>{t.title}</Text>
      <View style={common.card}>
        <Text style={common.label}>{t.priority}</Text>
        <View role="radiogroup" accessibilityLabel={t.priority} style={common.chips}>
          {PRIORITIES.map((p) => {
            const isOn = conversation.priority === p;
            return (
              <Pressable
                key={p}
                role="radio"
                aria-checked={isOn}
                accessibilityState={{ checked: isOn, disabled: busy !== null }}
                disabled={busy !== null}
                onPress={() => !isOn && void change('priority', { priority: p })}
                style={[common.chip, isOn && common.chipOn]}
              >
                <Text style={isOn ? common.chipTextOn : common.chipText}>{t.priorities[p]}</Text>
              </Pressable>
            );
          })}
        </View>
        <Text style={[common.label, { marginTop: space.m }]}>{t.tags}</Text>
        <View role="list" accessibilityLabel={t.tags} style={common.chips}>
          {conversation.tags.length === 0 && <Text style={common.muted}>{t.noTags}</Text>}
          {conversation.tags.map((tagName) => (
            <View key={tagName} role="listitem" style={styles.tag}>
              <Text style={common.chipText}>{tagName}</Text>
              <Pressable
                role="button"
                accessibilityLabel={fill(t.removeTag, { tag: tagName })}
                disabled={busy !== null}
                onPress={() => void change('tag', { tags: conversation.tags.filter((x) => x !== tagName) })}
                hitSlop={8}
              >
                <Text style={styles.remove}>×</Text>
              </Pressable>
            </View>
          ))}
        </View>
        {conversation.tags.length < LIMITS.tagsMax && (
          <View style={styles.row}>
            <TextInput
              accessibilityLabel={t.newTag}
              placeholder={t.addTag}
              value={tag}
              maxLength={LIMITS.tagMax}
              autoCapitalize="none"
              onChangeText={setTag}
              onSubmitEditing={() => void addTag()}
              style={[common.input, { flex: 1 }]}
            />
            <Button title={strings.common.add} variant="ghost" isBusy={busy === 'tag'} onPress={() => void addTag()} />
          </View>
        )}
        {problem && (
          <Text role="alert" style={common.error}>
            {problem}
          </Text>
        )}
      </View>
    </>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', gap: space.m, marginTop: space.s },
  tag: {
    flexDirection: 'row',
    alignItems: 'center',
    gap: space.s,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 16,
    paddingHorizontal: space.m,
    paddingVertical: 4,
  },
  remove: { color: colors.muted, fontSize: 18, lineHeight: 18 },
});
