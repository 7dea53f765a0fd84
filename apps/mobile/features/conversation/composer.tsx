import { useEffect, useRef, useState } from 'react';
import { Pressable, StyleSheet, Text, TextInput, View } from 'react-native';
import { colors, space } from '../ui/theme';

const TYPING_IDLE_MS = 3_000;

/**
 * Reply or internal note. Typing is announced once when it starts and withdrawn after a pause, on send, or when
 * the screen closes (the visitor never hears of notes: the server filters them).
 */
export function Composer({
  onSend,
  onTyping,
}: {
  onSend: (body: string, type: 'message' | 'note') => void;
  onTyping: (isTyping: boolean, isNote: boolean) => void;
}) {
  const [text, setText] = useState('');
  const [isNote, setIsNote] = useState(false);
  const isTyping = useRef(false);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onTypingRef = useRef(onTyping);
  onTypingRef.current = onTyping;

  const stopTyping = (note: boolean) => {
    if (idle.current) clearTimeout(idle.current);
    idle.current = null;
    if (isTyping.current) onTypingRef.current(false, note);
    isTyping.current = false;
  };

  useEffect(
    () => () => {
      if (idle.current) clearTimeout(idle.current);
      if (isTyping.current) onTypingRef.current(false, false);
    },
    [],
  );

  const handleChange = (value: string) => {
    setText(value);
    if (!value.trim()) return stopTyping(isNote);
    if (!isTyping.current) onTyping(true, isNote);
    isTyping.current = true;
    if (idle.current) clearTimeout(idle.current);
    idle.current = setTimeout(() => stopTyping(isNote), TYPING_IDLE_MS);
  };

  const handleSend = () => {
    const body = text.trim();
    if (!body) return;
    stopTyping(isNote);
    onSend(body, isNote ? 'note' : 'message');
    setText('');
  };

  return (
    <View style={[styles.container, isNote && styles.noteContainer]}>
      <View style={styles.modes} role="radiogroup" accessibilityLabel="Message kind">
        {(['Reply', 'Note'] as const).map((label) => {
          const selected = (label === 'Note') === isNote;
          return (
            <Pressable
              key={label}
              role="radio"
              aria-checked={selected}
              accessibilityState={{ checked: selected }}
              accessibilityLabel={label === 'Note' ? 'Internal note' : 'Reply'}
              onPress={() => {
                stopTyping(isNote);
                setIsNote(label === 'Note');
              }}
              style={[styles.mode, selected && (label === 'Note' ? styles.modeNote : styles.modeReply)]}
            >
              <Text style={[styles.modeText, selected && styles.modeTextSelected]}>
                {label === 'Note' ? 'Internal note' : 'Reply'}
              </Text>
            </Pressable>
          );
        })}
      </View>
      <View style={styles.row}>
        <TextInput
          accessibilityLabel={isNote ? 'Note text' : 'Reply text'}
          value={text}
          onChangeText={handleChange}
          onBlur={() => stopTyping(isNote)}
          placeholder={isNote ? 'Only your team sees notes' : 'Write a reply…'}
          placeholderTextColor={colors.placeholder}
          multiline
          style={styles.input}
        />
        <Pressable
          role="button"
          accessibilityLabel={isNote ? 'Add note' : 'Send reply'}
          onPress={handleSend}
          disabled={!text.trim()}
          style={[styles.send, !text.trim() && styles.sendDisabled, isNote && styles.sendNote]}
        >
          <Text style={styles.sendText}>{isNote ? 'Add' : 'Send'}</Text>
        </Pressable>
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  container: {
    borderTopWidth: StyleSheet.hairlineWidth,
    borderTopColor: colors.border,
    backgroundColor: colors.card,
    paddingHorizontal: space.m,
    paddingTop: space.s,
    paddingBottom: space.m,
  },
  noteContainer: { backgroundColor: '#fffbea' },
  modes: { flexDirection: 'row', gap: space.s, marginBottom: space.s },
  mode: { paddingHorizontal: space.m, paddingVertical: 4, borderRadius: 14 },
  modeReply: { backgroundColor: colors.primarySoft },
  modeNote: { backgroundColor: colors.note },
  modeText: { fontSize: 13, color: colors.muted, fontWeight: '600' },
  modeTextSelected: { color: colors.text },
  row: { flexDirection: 'row', alignItems: 'flex-end', gap: space.s },
  input: {
    flex: 1,
    minHeight: 42,
    maxHeight: 140,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 20,
    paddingHorizontal: 14,
    paddingVertical: 10,
    fontSize: 15,
    backgroundColor: '#fff',
    color: colors.text,
  },
  send: {
    height: 42,
    paddingHorizontal: space.l,
    borderRadius: 21,
    backgroundColor: colors.primary,
    justifyContent: 'center',
  },
  sendNote: { backgroundColor: '#b88a00' },
  sendDisabled: { opacity: 0.4 },
  sendText: { color: '#fff', fontWeight: '700', fontSize: 15 },
});
