import { LIMITS } from '@oceras/protocol';
import type { CannedContext } from '@oceras/protocol/canned-text';
import type { MentionCandidate } from '@oceras/protocol/mention-text';
import { useEffect, useRef, useState } from 'react';
import { Pressable, StyleSheet, Text, TextInput, View } from 'react-native';
import { useApp } from '@/lib/app';
import { errorMessage } from '@/lib/errors';
import { useStrings } from '@/lib/i18n/i18n';
import type { OutboxFile } from '@/lib/outbox';
import { colors, space } from '../ui/theme';
import { AttachmentChips } from './attachment-chips';
import { type Inserted, PickerList, useComposerPickers } from './composer-pickers';
import { type PickSource, pickFiles } from './pick-files';
import { useAttachments } from './use-attachments';

const TYPING_IDLE_MS = 3_000;
const NO_CANDIDATES: readonly MentionCandidate[] = [];

/** Where the caret is after an edit: past what was inserted (the common prefix and suffix show where). */
function caretAfterEdit(before: string, after: string) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  return after.length - end;
}

const SOURCES: readonly PickSource[] = ['library', 'camera', 'file'];

/**
 * Reply or internal note, with files. Typing is announced once when it starts and withdrawn after a pause, on
 * send, or when the screen closes (the visitor never hears of notes: the server filters them). Files upload as soon
 * as they are picked; Send waits until none is still uploading.
 */
export function Composer({
  onSend,
  onTyping,
  notesOnlyReason,
  isEmail = false,
  cannedContext = {},
  mentionCandidates = NO_CANDIDATES,
}: {
  onSend: (body: string, type: 'message' | 'note', files: OutboxFile[]) => void;
  onTyping: (isTyping: boolean, isNote: boolean) => void;
  /** Why no reply is possible (an erased visitor): said above the composer, which then writes notes only. */
  notesOnlyReason?: string | undefined;
  /** The conversation came by email: a reply leaves by email, and the composer says so. */
  isEmail?: boolean;
  /** What a canned response's variables are filled from (the visitor, the agent, the organization). */
  cannedContext?: CannedContext;
  /** Whom a note's `@` may mention (the organization's agents but the writer). */
  mentionCandidates?: readonly MentionCandidate[];
}) {
  const app = useApp();
  const t = useStrings().composer;
  const attachments = useAttachments(app.uploader);
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  // The caret set by a picker's choice, handed to the field once (then the field owns it again).
  const [forcedCaret, setForcedCaret] = useState<number | null>(null);
  const [chosenNote, setIsNote] = useState(false);
  const isNote = chosenNote || !!notesOnlyReason;
  const [isMenuOpen, setIsMenuOpen] = useState(false);
  const [pickError, setPickError] = useState<string | null>(null);
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

  const picker = useComposerPickers({ text, caret, isNote, cannedContext, mentionCandidates });

  const handleChange = (value: string) => {
    setCaret(caretAfterEdit(text, value));
    setForcedCaret(null);
    setText(value);
    if (!value.trim()) return stopTyping(isNote);
    if (!isTyping.current) onTyping(true, isNote);
    isTyping.current = true;
    if (idle.current) clearTimeout(idle.current);
    idle.current = setTimeout(() => stopTyping(isNote), TYPING_IDLE_MS);
  };

  const handlePick = ({ text: next, caret: at }: Inserted) => {
    handleChange(next);
    setCaret(at);
    setForcedCaret(at);
  };

  const room = LIMITS.attachmentsPerMessageMax - attachments.chips.length;
  const canSend = (!!text.trim() || attachments.chips.length > 0) && !attachments.isBusy && !attachments.hasRefused;

  const handleSend = () => {
    if (!canSend) return;
    stopTyping(isNote);
    onSend(text.trim(), isNote ? 'note' : 'message', attachments.take());
    setText('');
    setCaret(0);
    setPickError(null);
  };

  // Called straight from the press: on the web the picker is a file input, which only opens on a user's gesture.
  const handlePickFiles = (source: PickSource) => {
    setIsMenuOpen(false);
    setPickError(null);
    pickFiles(source, room)
      .then((files) => attachments.add(files))
      .catch((err) => setPickError(errorMessage(err, t.fileUnreadable)));
  };

  return (
    <View style={[styles.container, isNote && styles.noteContainer]}>
      {isEmail && !isNote && (
        <Text style={styles.notesOnly} role="note">
          {t.emailNotice}
        </Text>
      )}
      {notesOnlyReason && (
        <Text style={styles.notesOnly} role="note">
          {notesOnlyReason}
        </Text>
      )}
      <View style={styles.modes} role="radiogroup" accessibilityLabel={t.kind}>
        {(['Reply', 'Note'] as const).map((label) => {
          const selected = (label === 'Note') === isNote;
          const isDisabled = label === 'Reply' && !!notesOnlyReason;
          return (
            <Pressable
              key={label}
              role="radio"
              aria-checked={selected}
              disabled={isDisabled}
              accessibilityState={{ checked: selected, disabled: isDisabled }}
              accessibilityLabel={label === 'Note' ? t.note : t.reply}
              onPress={() => {
                stopTyping(isNote);
                setIsNote(label === 'Note');
              }}
              style={[styles.mode, selected && (label === 'Note' ? styles.modeNote : styles.modeReply)]}
            >
              <Text style={[styles.modeText, selected && styles.modeTextSelected]}>
                {label === 'Note' ? t.note : t.reply}
              </Text>
            </Pressable>
          );
        })}
      </View>
      <AttachmentChips chips={attachments.chips} onRemove={attachments.remove} onRetry={attachments.retry} />
      {pickError && (
        <Text role="alert" style={styles.error}>
          {pickError}
        </Text>
      )}
      {attachments.hasRefused && <Text style={styles.hint}>{t.removeRefused}</Text>}
      {isMenuOpen && (
        <View style={styles.menu} role="menu" accessibilityLabel={t.attachFrom}>
          {SOURCES.map((source) => (
            <Pressable
              key={source}
              role="menuitem"
              accessibilityLabel={t.sources[source]}
              onPress={() => handlePickFiles(source)}
              style={({ pressed }) => [styles.menuItem, pressed && styles.pressed]}
            >
              <Text style={styles.menuText}>{t.sources[source]}</Text>
            </Pressable>
          ))}
        </View>
      )}
      {picker && <PickerList picker={picker} onPick={handlePick} />}
      <View style={styles.row}>
        <Pressable
          role="button"
          accessibilityLabel={t.attach}
          aria-expanded={isMenuOpen}
          accessibilityState={{ expanded: isMenuOpen, disabled: room <= 0 }}
          disabled={room <= 0}
          onPress={() => setIsMenuOpen((v) => !v)}
          style={[styles.attach, isMenuOpen && styles.attachOpen, room <= 0 && styles.sendDisabled]}
        >
          <Text style={[styles.attachText, isMenuOpen && styles.attachTextOpen]}>{isMenuOpen ? '×' : '+'}</Text>
        </Pressable>
        <TextInput
          accessibilityLabel={isNote ? t.noteText : t.replyText}
          value={text}
          onChangeText={handleChange}
          onSelectionChange={(e) => setCaret(e.nativeEvent.selection.end)}
          selection={forcedCaret === null ? undefined : { start: forcedCaret, end: forcedCaret }}
          onBlur={() => stopTyping(isNote)}
          placeholder={isNote ? t.notePlaceholder : t.replyPlaceholder}
          placeholderTextColor={colors.placeholder}
          multiline
          style={styles.input}
        />
        <Pressable
          role="button"
          accessibilityLabel={isNote ? t.addNote : t.sendReply}
          accessibilityState={{ disabled: !canSend, busy: attachments.isBusy }}
          onPress={handleSend}
          disabled={!canSend}
          style={[styles.send, !canSend && styles.sendDisabled, isNote && styles.sendNote]}
        >
          <Text style={styles.sendText}>{isNote ? t.add : t.send}</Text>
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
  notesOnly: { color: colors.muted, fontSize: 13, marginBottom: space.s },
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
  attach: {
    width: 42,
    height: 42,
    borderRadius: 21,
    borderWidth: 1,
    borderColor: colors.border,
    backgroundColor: '#fff',
    alignItems: 'center',
    justifyContent: 'center',
  },
  attachOpen: { backgroundColor: colors.primarySoft, borderColor: colors.primary },
  attachText: { fontSize: 24, lineHeight: 26, color: colors.primary, fontWeight: '500' },
  attachTextOpen: { color: colors.primary },
  menu: {
    flexDirection: 'row',
    gap: space.s,
    marginBottom: space.s,
  },
  menuItem: {
    flex: 1,
    minHeight: 40,
    borderRadius: 10,
    backgroundColor: colors.primarySoft,
    alignItems: 'center',
    justifyContent: 'center',
  },
  menuText: { color: colors.primary, fontWeight: '600', fontSize: 14 },
  pressed: { opacity: 0.75 },
  error: { color: colors.danger, fontSize: 13, marginBottom: space.s },
  hint: { color: colors.muted, fontSize: 13, marginBottom: space.s },
});
